#!/usr/bin/env python3
"""Checks a live backend against the OpenAPI document it serves.

Fetches BASE_URL/api/openapi.json, validates it (openapi-spec-validator), then exercises every
operation of the document with real requests - a shopping session from cart to order history, plus
the error cases - and validates each request and response against the document (openapi-core).
Every error response must also carry error.code, error.message and a 32-hex-digit error.trace_id.

Needs a freshly seeded backend (72 products in 8 categories, ids 1..72) on real PostgreSQL and Redis.
It places a few orders, so it decrements the stock of one product with more than 5 units.

Prints one line per check. Exit status: 0 when every check passed and every documented operation was
exercised, 1 otherwise (the failures are listed at the end), 2 on a usage error.

usage: openapi_check.py BASE_URL        e.g. openapi_check.py http://127.0.0.1:8080
       openapi_check.py --offline Sources/backend/OpenAPI/OpenAPIDocument.swift
The second form needs no backend: it extracts the document from the Swift raw string the way the
compiler does (between #""" and """#, without the closing delimiter's indentation) and validates it.
Needs: requests, openapi-core, openapi-spec-validator (PyPI).
"""
import json
import re
import secrets
import sys
import traceback
import uuid
from urllib.parse import quote

import requests
from openapi_core import OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse
from openapi_spec_validator import validate as validate_spec

TIMEOUT_SECONDS = 20
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
TRACE_ID = re.compile(r"^[0-9a-f]{32}$")
ORDER_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
ADDRESS = {"name": "Ada Lovelace", "line1": "12 Analytical Row", "city": "London", "postal_code": "N1 7AA",
           "country": "GB"}
UNSET = object()


def describe(error):
    """An openapi-core exception on one line: the schema errors where it has them (each with the
    JSON path of the offending value), otherwise its message and those of its causes."""
    chain, seen = [], set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        chain.append(error)
        error = error.__cause__ or error.__context__
    schema_errors = []
    for link in chain:
        for schema_error in getattr(link, "schema_errors", None) or []:
            path = "/".join(str(p) for p in getattr(schema_error, "absolute_path", None) or [])
            schema_errors.append(f"{path or '(root)'}: {getattr(schema_error, 'message', schema_error)}"[:300])
    if schema_errors:
        return f"{type(chain[0]).__name__}: " + "; ".join(schema_errors)
    return " <- ".join(f"{type(link).__name__}: {link}"[:400] for link in chain)


def new_session_id():
    """A random X-Session-ID, so that each run starts with empty carts."""
    return "oac-" + secrets.token_hex(16)


class Checker:
    def __init__(self, base_url):
        self.base = base_url.rstrip("/")
        self.http = requests.Session()
        self.passed = 0
        self.failures = []
        self.operations = set()
        self.exercised = set()
        self.openapi = None
        # Filled in by the catalog, cart and orders steps; the defaults let later steps still run.
        self.product = {"id": 1, "stock": 0, "price_cents": 0, "category": "kitchen", "name": ""}
        self.scarce = None
        self.session = new_session_id()
        self.order_id = None

    # Reporting

    def check(self, ok, what, detail=""):
        if ok:
            self.passed += 1
            print(f"PASS {what}", flush=True)
        else:
            self.failures.append(f"{what}: {detail}" if detail else what)
            print(f"FAIL {what}" + (f": {detail}" if detail else ""), flush=True)
        return ok

    # Requests

    def call(self, label, method, template, *, path=None, query=None, session=UNSET, headers=None,
             json_body=UNSET, data=None, expect=200, code=None, request_valid=True, fresh_connection=False):
        """Sends one request built from a documented path template and checks it and its answer.

        session: the X-Session-ID to send (UNSET or None: no header). request_valid: True when the
        document must accept the request, False when it must reject it too, None when either is fine.
        Returns the response (None when it failed at the transport level) and its JSON body, if any.
        """
        method = method.upper()
        url = self.base + template.format(**{k: quote(str(v), safe="") for k, v in (path or {}).items()})
        all_headers = dict(headers or {})
        if session not in (UNSET, None):
            all_headers["X-Session-ID"] = session
        if fresh_connection:
            all_headers["Connection"] = "close"
        request = requests.Request(method, url, params=query, headers=all_headers,
                                   json=None if json_body is UNSET else json_body, data=data)
        prepared = self.http.prepare_request(request)
        name = f"{label} [{method} {template}]"
        operation = (method, template)
        if operation not in self.operations:
            self.check(False, f"{name}: the operation is documented", "the document has no such operation")

        # The request against the document.
        openapi_request = RequestsOpenAPIRequest(prepared)
        if request_valid is not None:
            try:
                self.openapi.validate_request(openapi_request)
                problem = None
            except Exception as error:  # noqa: BLE001 - openapi-core raises many kinds
                problem = describe(error)
            if request_valid:
                self.check(problem is None, f"{name}: the document accepts the request", problem or "")
            else:
                self.check(problem is not None, f"{name}: the document rejects the request too",
                           "the document accepts a request that the server must refuse")

        # The exchange.
        try:
            if fresh_connection:
                with requests.Session() as one_off:
                    response = one_off.send(prepared, timeout=TIMEOUT_SECONDS)
            else:
                response = self.http.send(prepared, timeout=TIMEOUT_SECONDS)
        except requests.RequestException as error:
            self.check(False, f"{name}: answered", f"{type(error).__name__}: {error}")
            return None, None
        self.exercised.add(operation)
        self.check(response.status_code == expect, f"{name}: status {expect}",
                   f"got {response.status_code}: {response.text[:300]!r}")

        # The response against the document.
        try:
            self.openapi.validate_response(openapi_request, RequestsOpenAPIResponse(response))
            problem = None
        except Exception as error:  # noqa: BLE001
            problem = describe(error)
        self.check(problem is None, f"{name}: the response conforms to the document", problem or "")

        body = None
        if response.headers.get("Content-Type", "").split(";")[0].strip().lower() == "application/json":
            try:
                body = response.json()
            except ValueError as error:
                self.check(False, f"{name}: the body is JSON", str(error))
        if response.status_code >= 400:
            self.check_error_body(name, response, body, code)
        return response, body

    def check_error_body(self, name, response, body, code):
        detail = body.get("error") if isinstance(body, dict) else None
        if not self.check(isinstance(detail, dict), f"{name}: error body {{\"error\":{{...}}}}",
                          f"{response.headers.get('Content-Type')!r} {response.text[:300]!r}"):
            return
        self.check(isinstance(detail.get("code"), str) and detail["code"] != "", f"{name}: error.code",
                   repr(detail.get("code")))
        self.check(isinstance(detail.get("message"), str) and detail["message"] != "", f"{name}: error.message",
                   repr(detail.get("message")))
        trace_id = detail.get("trace_id")
        self.check(isinstance(trace_id, str) and TRACE_ID.match(trace_id) is not None,
                   f"{name}: error.trace_id is 32 hex digits", repr(trace_id))
        if code is not None:
            self.check(detail.get("code") == code, f"{name}: error.code is {code}", repr(detail.get("code")))

    # The run

    def load_document(self):
        url = self.base + "/api/openapi.json"
        try:
            response = self.http.get(url, timeout=TIMEOUT_SECONDS)
        except requests.RequestException as error:
            self.check(False, f"GET {url}", f"{type(error).__name__}: {error}")
            return False
        if not self.check(response.status_code == 200, "the document is served", f"status {response.status_code}"):
            return False
        try:
            spec = response.json()
        except ValueError as error:
            self.check(False, "the document is JSON", str(error))
            return False
        self.check(isinstance(spec, dict) and str(spec.get("openapi", "")).startswith("3.0."),
                   "the document is OpenAPI 3.0.x", repr(spec.get("openapi") if isinstance(spec, dict) else spec))
        try:
            validate_spec(spec)
            problem = None
        except Exception as error:  # noqa: BLE001
            problem = describe(error)
        if not self.check(problem is None, "the document is a valid OpenAPI document", problem or ""):
            return False
        try:
            self.openapi = OpenAPI.from_dict(spec)
        except Exception as error:  # noqa: BLE001
            self.check(False, "openapi-core loads the document", describe(error))
            return False
        self.operations = {(method.upper(), path) for path, item in spec.get("paths", {}).items()
                           for method in item if method in HTTP_METHODS}
        self.check(bool(self.operations), "the document has operations", "paths is empty")
        print(f"INFO {len(self.operations)} documented operations", flush=True)
        return True

    def run(self):
        if self.load_document():
            for step in (self.meta, self.catalog, self.cart, self.orders, self.order_history):
                try:
                    step()
                except Exception:  # noqa: BLE001 - report and go on with the next step
                    self.check(False, f"step {step.__name__} ran to its end",
                               " | ".join(traceback.format_exc(limit=3).strip().splitlines()))
            for method, path in sorted(self.operations - self.exercised, key=lambda op: (op[1], op[0])):
                self.check(False, f"{method} {path} was exercised", "no request reached this operation")
        if self.failures:
            print(f"openapi_check: {len(self.failures)} of {self.passed + len(self.failures)} checks failed:")
            for failure in self.failures:
                print(f"  - {failure}")
            return 1
        print(f"openapi_check: all {self.passed} checks passed, every documented operation exercised")
        return 0

    # Steps

    def meta(self):
        self.call("the document describes itself", "GET", "/api/openapi.json")
        _, body = self.call("liveness", "GET", "/healthz")
        self.check(isinstance(body, dict) and body.get("status") == "ok", "healthz says ok", repr(body))
        _, body = self.call("readiness", "GET", "/readyz")
        self.check(isinstance(body, dict) and body.get("status") == "ready", "readyz says ready", repr(body))
        response, _ = self.call("metrics", "GET", "/metrics")
        if response is not None:
            self.check(response.headers.get("Content-Type", "").startswith("text/plain"), "metrics are text/plain",
                       response.headers.get("Content-Type", ""))
            self.check("# TYPE " in response.text, "metrics are a Prometheus exposition", response.text[:200])

    def catalog(self):
        _, page = self.call("first catalog page", "GET", "/api/products")
        if isinstance(page, dict):
            self.check(len(page.get("products", [])) == min(20, page.get("total", 0)),
                       "the default page holds 20 products", f"{len(page.get('products', []))} of {page.get('total')}")
        _, page = self.call("the whole catalog", "GET", "/api/products", query={"limit": 100, "offset": 0})
        products = page.get("products", []) if isinstance(page, dict) else []
        self.check(len(products) >= 2, "the catalog lists products", f"{len(products)} products")
        plenty = [p for p in products if p.get("stock", 0) > 5]
        scarce = sorted((p for p in products if p.get("stock", 99) < 99), key=lambda p: (p["stock"], p["id"]))
        self.check(bool(plenty), "a product with more than 5 units exists", "none found")
        self.product = next((p for p in plenty if p["id"] == 1), plenty[0] if plenty else self.product)
        self.scarce = next((p for p in scarce if p["id"] != self.product["id"]), None)
        self.check(self.scarce is not None, "a product with fewer than 99 units exists", "none found")
        category = self.product.get("category", "kitchen")
        _, page = self.call("filtered catalog page", "GET", "/api/products",
                            query={"category": category, "q": self.product.get("name", "a")[:5], "limit": 5,
                                   "offset": 0})
        if isinstance(page, dict):
            self.check(all(p.get("category") == category for p in page.get("products", [])),
                       "the category filter holds", repr([p.get("category") for p in page.get("products", [])]))
        self.call("limit 0", "GET", "/api/products", query={"limit": 0}, expect=400, code="invalid_parameter",
                  request_valid=False)
        self.call("offset beyond 100000", "GET", "/api/products", query={"offset": 100001}, expect=400,
                  code="invalid_parameter", request_valid=False)
        self.call("non-numeric limit", "GET", "/api/products", query={"limit": "ten"}, expect=400,
                  code="invalid_parameter", request_valid=False)

        _, product = self.call("one product", "GET", "/api/products/{id}", path={"id": self.product["id"]})
        if isinstance(product, dict):
            self.check(product.get("id") == self.product["id"], "the product is the one asked for", repr(product))
        self.call("unknown product", "GET", "/api/products/{id}", path={"id": 999999}, expect=404,
                  code="product_not_found")
        self.call("non-numeric product id", "GET", "/api/products/{id}", path={"id": "abc"}, expect=400,
                  code="invalid_id", request_valid=False)
        self.call("product id 0", "GET", "/api/products/{id}", path={"id": 0}, expect=400, code="invalid_id",
                  request_valid=False)

        _, categories = self.call("categories", "GET", "/api/categories")
        if isinstance(categories, dict):
            self.check(len(categories.get("categories", [])) > 0, "categories are listed", repr(categories)[:200])

    def cart(self):
        session = self.session = new_session_id()
        pid = self.product["id"]
        item = "/api/cart/items/{product_id}"

        _, cart = self.call("empty cart", "GET", "/api/cart", session=session)
        self.check(isinstance(cart, dict) and cart.get("items") == [] and cart.get("total_cents") == 0,
                   "a new session's cart is empty", repr(cart))
        self.call("cart without X-Session-ID", "GET", "/api/cart", expect=400, code="missing_header",
                  request_valid=False)
        self.call("cart with a malformed X-Session-ID", "GET", "/api/cart", session="short!", expect=400,
                  code="invalid_header", request_valid=False)

        _, cart = self.call("add 2 units", "POST", "/api/cart/items", session=session,
                            json_body={"product_id": pid, "quantity": 2}, expect=201)
        self.check_line(cart, pid, 2, "after adding 2 units")
        _, cart = self.call("set the quantity to 3", "PUT", item, path={"product_id": pid}, session=session,
                            json_body={"quantity": 3})
        self.check_line(cart, pid, 3, "after setting 3 units")
        _, cart = self.call("remove the line", "DELETE", item, path={"product_id": pid}, session=session)
        self.check(isinstance(cart, dict) and cart.get("items") == [], "the cart is empty after the removal",
                   repr(cart))
        self.call("remove a line not in the cart", "DELETE", item, path={"product_id": pid}, session=session,
                  expect=404, code="not_in_cart")
        self.call("update a line not in the cart", "PUT", item, path={"product_id": pid}, session=session,
                  json_body={"quantity": 1}, expect=404, code="not_in_cart")
        self.call("update with a non-numeric product id", "PUT", item, path={"product_id": "abc"}, session=session,
                  json_body={"quantity": 1}, expect=400, code="invalid_id", request_valid=False)
        self.call("remove with a non-numeric product id", "DELETE", item, path={"product_id": "abc"},
                  session=session, expect=400, code="invalid_id", request_valid=False)
        self.call("update without X-Session-ID", "PUT", item, path={"product_id": pid}, json_body={"quantity": 1},
                  expect=400, code="missing_header", request_valid=False)
        self.call("update with quantity 0", "PUT", item, path={"product_id": pid}, session=session,
                  json_body={"quantity": 0}, expect=400, code="invalid_quantity", request_valid=False)
        self.call("update with a wrong Content-Type", "PUT", item, path={"product_id": pid}, session=session,
                  data='{"quantity": 1}', headers={"Content-Type": "text/plain"}, expect=415,
                  code="unsupported_media_type", request_valid=False)

        self.call("add an unknown product", "POST", "/api/cart/items", session=session,
                  json_body={"product_id": 999999, "quantity": 1}, expect=404, code="product_not_found")
        self.call("add with malformed JSON", "POST", "/api/cart/items", session=session,
                  data='{"product_id": 1, "quantity":', headers={"Content-Type": "application/json"}, expect=400,
                  code="invalid_body", request_valid=False)
        self.call("add with a wrong Content-Type", "POST", "/api/cart/items", session=session,
                  data='{"product_id": 1, "quantity": 1}', headers={"Content-Type": "text/plain"}, expect=415,
                  code="unsupported_media_type", request_valid=False)
        self.call("add with an unknown field", "POST", "/api/cart/items", session=session,
                  json_body={"product_id": pid, "quantity": 1, "colour": "red"}, expect=400, code="invalid_body",
                  request_valid=False)
        self.call("add with a missing field", "POST", "/api/cart/items", session=session,
                  json_body={"product_id": pid}, expect=400, code="invalid_body", request_valid=False)
        self.call("add with a string quantity", "POST", "/api/cart/items", session=session,
                  json_body={"product_id": pid, "quantity": "2"}, expect=400, code="invalid_body",
                  request_valid=False)
        self.call("add 100 units", "POST", "/api/cart/items", session=session,
                  json_body={"product_id": pid, "quantity": 100}, expect=400, code="invalid_quantity",
                  request_valid=False)
        self.call("add without X-Session-ID", "POST", "/api/cart/items",
                  json_body={"product_id": pid, "quantity": 1}, expect=400, code="missing_header",
                  request_valid=False)
        # Valid JSON padded with whitespace past 1 MiB: the document cannot bound a body's size.
        padded = '{"product_id": %d, "quantity": 1}' % pid + " " * ((1 << 20) + 1024)
        self.call("add with a body over 1 MiB", "POST", "/api/cart/items", session=session, data=padded,
                  headers={"Content-Type": "application/json"}, expect=413, code="payload_too_large",
                  request_valid=None, fresh_connection=True)

        _, cart = self.call("add 2 units again", "POST", "/api/cart/items", session=session,
                            json_body={"product_id": pid, "quantity": 2}, expect=201)
        self.check_line(cart, pid, 2, "after adding 2 units again")
        self.call("add past 99 units of a product", "POST", "/api/cart/items", session=session,
                  json_body={"product_id": pid, "quantity": 98}, expect=409, code="quantity_too_large")
        _, cart = self.call("the cart before checkout", "GET", "/api/cart", session=session)
        self.check_line(cart, pid, 2, "after the refused addition")
        if isinstance(cart, dict):
            price = self.product.get("price_cents")
            self.check(cart.get("total_cents") == 2 * price and cart.get("item_count") == 2,
                       "the cart's totals add up", repr(cart))

    def check_line(self, cart, product_id, quantity, when):
        lines = cart.get("items") if isinstance(cart, dict) else None
        ok = (isinstance(lines, list) and len(lines) == 1 and lines[0].get("product_id") == product_id
              and lines[0].get("quantity") == quantity)
        self.check(ok, f"the cart holds {quantity} of product {product_id} {when}", repr(cart)[:300])

    def orders(self):
        session = self.session
        key = "oac-key-" + secrets.token_hex(12)
        checkout = {"email": "ada@example.com", "shipping_address": dict(ADDRESS, line2=None)}
        self.call("checkout without Idempotency-Key", "POST", "/api/orders", session=session, json_body=checkout,
                  expect=400, code="missing_header", request_valid=False)
        self.call("checkout without X-Session-ID", "POST", "/api/orders", headers={"Idempotency-Key": key},
                  json_body=checkout, expect=400, code="missing_header", request_valid=False)
        self.call("checkout with a bad email", "POST", "/api/orders", session=session,
                  headers={"Idempotency-Key": key}, json_body=dict(checkout, email="not-an-address"), expect=400,
                  code="invalid_email", request_valid=False)
        self.call("checkout with a bad country", "POST", "/api/orders", session=session,
                  headers={"Idempotency-Key": key},
                  json_body=dict(checkout, shipping_address=dict(ADDRESS, country="GBR")), expect=400,
                  code="invalid_address", request_valid=False)
        self.call("checkout with malformed JSON", "POST", "/api/orders", session=session,
                  headers={"Idempotency-Key": key, "Content-Type": "application/json"}, data='{"email":',
                  expect=400, code="invalid_body", request_valid=False)
        self.call("checkout with a wrong Content-Type", "POST", "/api/orders", session=session,
                  headers={"Idempotency-Key": key, "Content-Type": "text/plain"}, data=json.dumps(checkout),
                  expect=415, code="unsupported_media_type", request_valid=False)

        response, order = self.call("checkout", "POST", "/api/orders", session=session,
                                    headers={"Idempotency-Key": key}, json_body=checkout, expect=201)
        order = order if isinstance(order, dict) else {}
        self.check(response is not None and "Idempotent-Replayed" not in response.headers,
                   "a new order is not marked as replayed", repr(response.headers if response is not None else None))
        order_id = order.get("id", "")
        self.check(ORDER_ID.match(str(order_id)) is not None, "the order id is a UUID", repr(order_id))
        items = order.get("items", [])
        self.check(len(items) == 1 and items[0].get("product_id") == self.product["id"]
                   and items[0].get("quantity") == 2 and order.get("total_cents") == 2 * self.product["price_cents"],
                   "the order holds the cart", repr(order)[:300])
        self.check("line2" not in order.get("shipping_address", {}) or order["shipping_address"]["line2"] is None,
                   "a null line2 stays empty", repr(order.get("shipping_address")))
        _, cart = self.call("the cart after checkout", "GET", "/api/cart", session=session)
        self.check(isinstance(cart, dict) and cart.get("items") == [], "checkout empties the cart", repr(cart))

        response, replay = self.call("replayed checkout", "POST", "/api/orders", session=session,
                                     headers={"Idempotency-Key": key}, json_body=checkout, expect=200)
        self.check(response is not None and response.headers.get("Idempotent-Replayed") == "true",
                   "the replay says Idempotent-Replayed: true",
                   repr(response.headers.get("Idempotent-Replayed") if response is not None else None))
        self.check(isinstance(replay, dict) and replay == order, "the replay answers the same order",
                   f"{replay!r}"[:300])
        other = new_session_id()
        self.call("the same Idempotency-Key from another session", "POST", "/api/orders", session=other,
                  headers={"Idempotency-Key": key}, json_body=checkout, expect=409, code="idempotency_key_reused")
        self.call("checkout of an empty cart", "POST", "/api/orders", session=other,
                  headers={"Idempotency-Key": "oac-key-" + secrets.token_hex(12)}, json_body=checkout, expect=409,
                  code="cart_empty")
        self.checkout_bodies_at_the_edges(other)

        _, fetched = self.call("the order", "GET", "/api/orders/{id}", path={"id": order_id})
        self.check(fetched == order, "the order reads back as placed", f"{fetched!r}"[:300])
        _, fetched = self.call("the order by an upper-case id", "GET", "/api/orders/{id}",
                               path={"id": str(order_id).upper()})
        self.check(isinstance(fetched, dict) and fetched.get("id") == order_id, "order ids ignore letter case",
                   f"{fetched!r}"[:200])
        self.call("unknown order", "GET", "/api/orders/{id}", path={"id": str(uuid.uuid4())}, expect=404,
                  code="order_not_found")
        self.call("order id that is not a UUID", "GET", "/api/orders/{id}", path={"id": "12345"}, expect=400,
                  code="invalid_id", request_valid=False)
        self.order_id = order_id

        # More units than in stock.
        scarce = self.scarce
        if scarce is not None:
            short = new_session_id()
            self.call(f"add 99 units of product {scarce['id']} ({scarce['stock']} in stock)", "POST",
                      "/api/cart/items", session=short, json_body={"product_id": scarce["id"], "quantity": 99},
                      expect=201)
            self.call("checkout of more than the stock", "POST", "/api/orders", session=short,
                      headers={"Idempotency-Key": "oac-key-" + secrets.token_hex(12)},
                      json_body={"email": "ada@example.com", "shipping_address": dict(ADDRESS, line2="Flat 4")},
                      expect=409, code="insufficient_stock")
            _, cart = self.call("the refused cart is kept", "GET", "/api/cart", session=short)
            self.check_line(cart, scarce["id"], 99, "after the refused checkout")
            _, product = self.call("the scarce product", "GET", "/api/products/{id}", path={"id": scarce["id"]})
            self.check(isinstance(product, dict) and product.get("stock") == scarce["stock"],
                       "a refused checkout leaves the stock alone", repr(product)[:200])
            self.call("clear the refused cart", "DELETE", "/api/cart/items/{product_id}",
                      path={"product_id": scarce["id"]}, session=short)

    def checkout_bodies_at_the_edges(self, session):
        """The document and the validation draw the same lines: a body the document allows passes the
        validation (the empty cart then answers 409 cart_empty), one it refuses gets 400."""
        def body(email="ada@example.com", **address):
            return {"email": email, "shipping_address": dict(ADDRESS, **address)}
        allowed = [
            ("surrounding spaces in the name", body(name="  Ada  ")),
            ("a blank line2", body(line2="   ")),
            ("a null line2", body(line2=None)),
            ("a lower-case country", body(country="gb")),
            ("a 100-code-point name of 50 accented letters", body(name="e\u0301" * 50)),
            ("a 20-character postal code", body(postal_code="1" * 20)),
            ("a 64-character local part", body(email="a" * 64 + "@example.com")),
            ("a non-ASCII email", body(email="zoë@exämple.de")),
        ]
        refused = [
            ("a name of spaces only", body(name="   "), "invalid_address"),
            ("a name of 101 code points (100 once trimmed)", body(name="A" + " " * 100), "invalid_address"),
            ("a 101-code-point name of accented letters", body(name="e\u0301" * 50 + "e"), "invalid_address"),
            ("a tab in the city", body(city="Lon\tdon"), "invalid_address"),
            ("a C1 control character in line2", body(line2="Flat\u00854"), "invalid_address"),
            ("a country with a space", body(country=" gb"), "invalid_address"),
            ("a 65-character local part", body(email="a" * 65 + "@example.com"), "invalid_email"),
            ("an email with surrounding spaces", body(email=" ada@example.com"), "invalid_email"),
            ("an email without a dot in the domain", body(email="ada@localhost"), "invalid_email"),
            ("an email with an empty domain label", body(email="ada@example..com"), "invalid_email"),
        ]
        for label, json_body in allowed:
            self.call(f"checkout with {label}", "POST", "/api/orders", session=session,
                      headers={"Idempotency-Key": "oac-key-" + secrets.token_hex(12)}, json_body=json_body,
                      expect=409, code="cart_empty")
        for label, json_body, code in refused:
            self.call(f"checkout with {label}", "POST", "/api/orders", session=session,
                      headers={"Idempotency-Key": "oac-key-" + secrets.token_hex(12)}, json_body=json_body,
                      expect=400, code=code, request_valid=False)

    def order_history(self):
        history = "/internal/order-history"
        _, page = self.call("order history, first page of 1", "GET", history, query={"after": 0, "limit": 1})
        if isinstance(page, dict):
            self.check(len(page.get("orders", [])) == 1, "the first page holds one order", repr(page)[:300])
            next_after = page.get("next_after")
            if next_after is not None:
                _, second = self.call("order history, next page", "GET", history,
                                      query={"after": next_after, "limit": 1})
                if isinstance(second, dict):
                    self.check(all(o.get("sequence", 0) > next_after for o in second.get("orders", [])),
                               "the next page follows the first", repr(second)[:300])
        # Page through (default limit) until this run's order shows up.
        after, found, pages = 0, None, 0
        while pages < 50:
            query = {} if after == 0 else {"after": after}
            _, page = self.call(f"order history from {after}", "GET", history, query=query)
            pages += 1
            if not isinstance(page, dict):
                break
            found = next((o for o in page.get("orders", []) if o.get("order_id") == self.order_id),
                         None)
            if found is not None or page.get("next_after") is None:
                break
            after = page["next_after"]
        self.check(found is not None and found.get("product_ids") == [self.product["id"]],
                   "the history holds this run's order with its products", repr(found))
        self.call("order history with limit 0", "GET", history, query={"limit": 0}, expect=400,
                  code="invalid_parameter", request_valid=False)
        self.call("order history with limit 5001", "GET", history, query={"limit": 5001}, expect=400,
                  code="invalid_parameter", request_valid=False)
        self.call("order history after -1", "GET", history, query={"after": -1}, expect=400,
                  code="invalid_parameter", request_valid=False)


def document_of_swift_source(source):
    """The text of the raw string literal in `source`, as the Swift compiler builds it."""
    start = source.index('#"""') + len('#"""')
    end = source.index('"""#', start)
    lines = source[start:end].split("\n")
    if lines[0].strip() or lines[-1].strip():
        raise ValueError("the literal must start and end on lines of its own")
    indent = lines[-1]
    body = lines[1:-1]
    for number, line in enumerate(body, 1):
        if line.strip() and not line.startswith(indent):
            raise ValueError(f"line {number} of the literal is indented less than its closing delimiter")
    return "\n".join(line[len(indent):] for line in body)


def check_offline(path):
    checker = Checker("offline")
    try:
        with open(path, encoding="utf-8") as file:
            text = document_of_swift_source(file.read())
        spec = json.loads(text)
    except (OSError, ValueError) as error:
        checker.check(False, f"{path} holds a JSON document", f"{type(error).__name__}: {error}")
        spec = None
    if spec is not None:
        checker.check(True, f"{path} holds a JSON document")
        checker.check(spec.get("openapi") == "3.0.3", "the document is OpenAPI 3.0.3", repr(spec.get("openapi")))
        try:
            validate_spec(spec)
            OpenAPI.from_dict(spec)
            problem = None
        except Exception as error:  # noqa: BLE001
            problem = describe(error)
        checker.check(problem is None, "the document is a valid OpenAPI document", problem or "")
    if checker.failures:
        print(f"openapi_check: {len(checker.failures)} of {checker.passed + len(checker.failures)} checks failed")
        return 1
    print(f"openapi_check: all {checker.passed} offline checks passed")
    return 0


def main(argv):
    if len(argv) == 3 and argv[1] == "--offline":
        return check_offline(argv[2])
    if len(argv) != 2 or not argv[1].startswith(("http://", "https://")):
        print("usage: openapi_check.py BASE_URL   (e.g. http://127.0.0.1:8080)\n"
              "       openapi_check.py --offline PATH/OpenAPIDocument.swift", file=sys.stderr)
        return 2
    return Checker(argv[1]).run()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
