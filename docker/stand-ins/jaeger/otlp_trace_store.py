#!/usr/bin/env python3
"""Stand-in trace backend: OTLP/HTTP ingest on :4318 and Jaeger's trace query on :16686.

POST /v1/traces takes an ExportTraceServiceRequest (protobuf, optionally gzip), decoded with the
few protobuf rules it needs (standard library only); GET /api/traces/{id} answers as Jaeger's query
API does ({"data": [{"traceID", "spans": [{"traceID", "spanID", "operationName", "processID"}],
"processes": {"p1": {"serviceName"}}}]}, 404 when unknown). The newest 100,000 spans are kept.
"""
import collections
import gzip
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_SPANS = 100_000
MAX_BODY = 16 * 1024 * 1024
spans = collections.deque(maxlen=MAX_SPANS)
lock = threading.Lock()


def fields(data):
    """(field number, wire type, value) of each field of one protobuf message."""
    position = 0

    def varint():
        nonlocal position
        result, shift = 0, 0
        while True:
            byte = data[position]
            position += 1
            result |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return result

    while position < len(data):
        key = varint()
        number, wire = key >> 3, key & 7
        if wire == 0:
            yield number, wire, varint()
        elif wire == 1:
            yield number, wire, data[position:position + 8]
            position += 8
        elif wire == 2:
            length = varint()
            yield number, wire, data[position:position + length]
            position += length
        elif wire == 5:
            yield number, wire, data[position:position + 4]
            position += 4
        else:
            raise ValueError(f"unsupported wire type {wire}")


def submessages(data, number):
    return [value for field, wire, value in fields(data) if field == number and wire == 2]


def service_name(resource):
    for attribute in submessages(resource, 1):
        key = b"".join(submessages(attribute, 1))
        if key == b"service.name":
            for value in submessages(attribute, 2):
                return b"".join(submessages(value, 1)).decode("utf-8", "replace")
    return ""


def decode(body):
    """The spans of an ExportTraceServiceRequest as dictionaries."""
    decoded = []
    for resource_spans in submessages(body, 1):
        service = "".join(service_name(resource) for resource in submessages(resource_spans, 1))
        for scope_spans in submessages(resource_spans, 2):
            for span in submessages(scope_spans, 2):
                parts = {number: value for number, wire, value in fields(span) if wire == 2}
                decoded.append({"traceID": parts.get(1, b"").hex(), "spanID": parts.get(2, b"").hex(),
                                "parentSpanID": parts.get(4, b"").hex(),
                                "operationName": parts.get(5, b"").decode("utf-8", "replace"), "service": service})
    return decoded


class Ingest(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        if self.path != "/v1/traces" or length > MAX_BODY:
            self.send_error(404 if self.path != "/v1/traces" else 413)
            return
        body = self.rfile.read(length)
        try:
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            received = decode(body)
        except (ValueError, IndexError, OSError):
            self.send_error(400)
            return
        with lock:
            spans.extend(received)
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class Query(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path in ("/", "/health"):
            self.reply(200, {"status": "ok"})
            return
        if not self.path.startswith("/api/traces/"):
            self.reply(404, {"errors": [{"msg": "not found"}]})
            return
        trace_id = self.path.rsplit("/", 1)[-1].lower()
        with lock:
            found = [span for span in spans if span["traceID"] == trace_id]
        if not found:
            self.reply(404, {"data": None, "errors": [{"code": 404, "msg": "trace not found"}]})
            return
        services = sorted({span["service"] for span in found})
        process = {service: f"p{index + 1}" for index, service in enumerate(services)}
        self.reply(200, {"data": [{
            "traceID": trace_id,
            "spans": [{"traceID": span["traceID"], "spanID": span["spanID"], "operationName": span["operationName"],
                       "references": ([{"refType": "CHILD_OF", "traceID": trace_id, "spanID": span["parentSpanID"]}]
                                      if span["parentSpanID"] else []),
                       "processID": process[span["service"]]} for span in found],
            "processes": {identifier: {"serviceName": service} for service, identifier in process.items()},
        }]})

    def reply(self, status, document):
        body = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    query = ThreadingHTTPServer(("0.0.0.0", 16686), Query)
    threading.Thread(target=query.serve_forever, daemon=True).start()
    ThreadingHTTPServer(("0.0.0.0", 4318), Ingest).serve_forever()
