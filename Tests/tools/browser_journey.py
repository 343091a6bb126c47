#!/usr/bin/env python3
"""A shopper in a real headless Chromium (Debian's chromium + chromium-driver, driven by Selenium).

Usage: browser_journey.py BASE_URL SCREENSHOT_DIR

Walks home -> search -> product -> add to cart -> cart (quantity change through the page's script)
-> checkout (first with a bad email, then valid) -> confirmation, on a phone-width window. On every
page it checks what the shopper sees, basic accessibility (labelled inputs, image alt text,
headings in order), that nothing scrolls sideways, and that the browser console has no errors.
Saves a screenshot per step. Prints {"order_id": ..., "screenshots": [...]} and exits 0, or prints
the failed check and exits 1.
"""
import json
import os
import re
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

BASE, SHOTS = sys.argv[1].rstrip("/"), sys.argv[2]
os.makedirs(SHOTS, exist_ok=True)
screenshots = []


def fail(message):
    print(f"FAILED: {message}")
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


options = webdriver.ChromeOptions()
options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=390,844"):
    options.add_argument(argument)
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
driver.set_page_load_timeout(30)


def page_checks(step, expected_status=None):
    """What every page must satisfy; then a screenshot. `expected_status`: the page's own HTTP
    status when it is deliberately not 2xx (Chromium logs that as a console error of source
    "network"); any other console error fails."""
    for element in driver.find_elements(By.CSS_SELECTOR, "input:not([type=hidden])"):
        element_id = element.get_attribute("id")
        labelled = element.get_attribute("aria-label") or (
            element_id and driver.find_elements(By.CSS_SELECTOR, f"label[for='{element_id}']"))
        check(labelled, f"{step}: input {element.get_attribute('name')} has no label")
    for image in driver.find_elements(By.TAG_NAME, "img"):
        check((image.get_attribute("alt") or "").strip(), f"{step}: image {image.get_attribute('src')} has no alt text")
    levels = [int(h.tag_name[1]) for h in driver.find_elements(By.CSS_SELECTOR, "h1, h2, h3, h4, h5, h6")]
    check(levels and levels[0] == 1 and levels.count(1) == 1, f"{step}: one h1 first, got {levels}")
    check(all(b <= a + 1 for a, b in zip(levels, levels[1:])), f"{step}: heading levels skip: {levels}")
    overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    check(overflow <= 0, f"{step}: the page scrolls sideways by {overflow}px at phone width")
    errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE" and not (
        expected_status and entry.get("source") == "network" and f"status of {expected_status}" in entry["message"]
        and entry["message"].startswith(driver.current_url + " "))]
    check(not errors, f"{step}: browser console errors: {errors}")
    path = os.path.join(SHOTS, f"{len(screenshots) + 1:02d}-{step}.png")
    driver.save_screenshot(path)
    screenshots.append(path)


def heading():
    return driver.find_element(By.TAG_NAME, "h1").text


def wait_for(condition, message, seconds=10):
    """Polls `condition` (a click's navigation finishes on its own time) until it holds."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except Exception:
            pass
        time.sleep(0.1)
    fail(message())


try:
    driver.get(BASE + "/")
    check(heading() == "All products", f"home heading: {heading()}")
    check(len(driver.find_elements(By.CSS_SELECTOR, ".grid .card")) >= 20, "home shows a product grid")
    check(driver.find_elements(By.LINK_TEXT, "Kitchen & Dining (9)") or
          driver.find_elements(By.PARTIAL_LINK_TEXT, "Kitchen & Dining"), "home lists the categories")
    page_checks("home")

    box = driver.find_element(By.ID, "search-q")
    box.send_keys("whetstone")
    box.submit()
    wait_for(lambda: heading().startswith("Results for"), lambda: f"search heading: {heading()}")
    cards = driver.find_elements(By.CSS_SELECTOR, ".grid .card h2")
    check([c.text for c in cards] == ["Whetstone Set, 1000/6000 Grit"], f"search results: {[c.text for c in cards]}")
    page_checks("search")

    driver.find_element(By.PARTIAL_LINK_TEXT, "Whetstone Set").click()
    wait_for(lambda: heading() == "Whetstone Set, 1000/6000 Grit", lambda: f"product heading: {heading()}")
    check(driver.find_element(By.CSS_SELECTOR, ".product .price").text.startswith("$"), "product shows its price")
    check(driver.find_elements(By.ID, "recommendations-heading"), "product page shows recommendations")
    page_checks("product")

    quantity = driver.find_element(By.ID, "quantity")
    quantity.clear()
    quantity.send_keys("2")
    driver.find_element(By.CSS_SELECTOR, ".add-to-cart button").click()
    wait_for(lambda: heading() == "Your cart", lambda: f"after adding: {driver.current_url} {heading()}")
    check(driver.find_element(By.CSS_SELECTOR, ".quantity-form input[name=quantity]").get_attribute("value") == "2", "cart holds 2")
    total_before = driver.find_element(By.CSS_SELECTOR, ".total strong").text
    page_checks("cart")

    # The page's script submits a changed quantity by itself (its Update button is hidden).
    field = driver.find_element(By.CSS_SELECTOR, ".quantity-form input[name=quantity]")
    driver.execute_script("arguments[0].value = '3'; arguments[0].dispatchEvent(new Event('change'))", field)
    wait_for(lambda: driver.find_element(By.CSS_SELECTOR, ".total strong").text != total_before,
             lambda: "the quantity change was submitted and the total follows it")
    check(driver.find_element(By.CSS_SELECTOR, ".quantity-form input[name=quantity]").get_attribute("value") == "3",
          "the cart holds 3")

    driver.find_element(By.LINK_TEXT, "Check out").click()
    wait_for(lambda: heading() == "Checkout", lambda: f"checkout heading: {heading()}")
    values = {"email": "not-an-email", "name": "Grace <Hopper>", "line1": "1 Navy Way", "city": "Arlington",
              "postal_code": "22202", "country": "US"}
    for name, value in values.items():
        element = driver.find_element(By.ID, name)
        element.clear()
        element.send_keys(value)
    driver.find_element(By.CSS_SELECTOR, ".checkout button[type=submit]").click()
    wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "[role=alert]"), lambda: "the error summary appears")
    alert = driver.find_element(By.CSS_SELECTOR, "[role=alert]")
    check("email address" in alert.text, f"the error summary names the email: {alert.text}")
    check(driver.switch_to.active_element.get_attribute("id") == "errors", "the error summary has focus")
    check(driver.find_element(By.ID, "email").get_attribute("aria-invalid") == "true", "the email field is marked invalid")
    check(driver.find_element(By.ID, "name").get_attribute("value") == "Grace <Hopper>", "typed text is kept, as text")
    page_checks("checkout-errors", expected_status=422)

    email = driver.find_element(By.ID, "email")
    email.clear()
    email.send_keys("grace@example.com")
    driver.find_element(By.CSS_SELECTOR, ".checkout button[type=submit]").click()
    wait_for(lambda: heading() == "Thank you for your order", lambda: f"confirmation heading: {heading()}")
    order_id = driver.find_element(By.CLASS_NAME, "order-id").text
    check(re.fullmatch(r"[0-9a-f-]{36}", order_id), f"order id: {order_id}")
    check(driver.current_url.endswith("/orders/" + order_id), f"confirmation url: {driver.current_url}")
    check("3 × Whetstone Set" in driver.find_element(By.TAG_NAME, "main").text, "the confirmation lists the items")
    page_checks("confirmation")
    print(json.dumps({"order_id": order_id, "screenshots": screenshots}))
finally:
    driver.quit()
