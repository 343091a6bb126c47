"""A shopper on the storefront's published port: keeps the shop's cookies, follows no redirect,
reads the hidden form values, and buys a product through the real pages."""
import http.client
import re
import urllib.parse


class Shopper:
    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, form=None):
        """(status, headers, body text)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        headers = {}
        body = None
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, value = header.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value.strip()
        return response.status, response.headers, text

    @staticmethod
    def hidden(name, html):
        match = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', html)
        if match is None:
            raise AssertionError(f"no hidden field {name} in the page")
        return match.group(1)

    def buy(self, product_id, quantity, email):
        """Adds a product to the cart and checks out; the order id the storefront redirects to."""
        status, _, page = self.request("GET", f"/products/{product_id}")
        if status != 200:
            raise AssertionError(f"GET /products/{product_id} answered {status}")
        csrf = self.hidden("csrf_token", page)
        status, headers, _ = self.request("POST", "/cart/items", [("csrf_token", csrf), ("product_id", str(product_id)),
                                                                  ("quantity", str(quantity))])
        if status != 303:
            raise AssertionError(f"adding to the cart answered {status}")
        status, _, form = self.request("GET", "/checkout")
        if status != 200:
            raise AssertionError(f"GET /checkout answered {status}")
        key = self.hidden("idempotency_key", form)
        status, headers, page = self.request("POST", "/checkout", [
            ("csrf_token", csrf), ("idempotency_key", key), ("email", email), ("name", "Compose Check"),
            ("line1", "1 Container Way"), ("line2", ""), ("city", "Dockerton"), ("postal_code", "12345"),
            ("country", "gb")])
        location = headers.get("Location", "")
        if status != 303 or not location.startswith("/orders/"):
            raise AssertionError(f"checkout answered {status} to {location!r}: {page[:300]}")
        status, _, confirmation = self.request("GET", location)
        if status != 200 or "Thank you for your order" not in confirmation:
            raise AssertionError(f"the confirmation page answered {status}")
        return location.rsplit("/", 1)[-1]
