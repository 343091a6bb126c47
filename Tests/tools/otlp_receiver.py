#!/usr/bin/env python3
"""A minimal OTLP/HTTP trace receiver for tests.

Decodes each POST /v1/traces body (protobuf ExportTraceServiceRequest, optionally gzip) with the
official opentelemetry-proto package and appends one JSON line per span to OUTPUT:
{"service", "name", "trace_id", "span_id", "parent_span_id", "kind", "attributes"} (string attributes only).

usage: otlp_receiver.py PORT OUTPUT
"""
import gzip
import json
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from opentelemetry.proto.collector.trace.v1 import trace_service_pb2

PORT, OUTPUT = int(sys.argv[1]), sys.argv[2]


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        request = trace_service_pb2.ExportTraceServiceRequest()
        request.ParseFromString(body)
        with open(OUTPUT, "a", encoding="utf-8") as out:
            for resource_spans in request.resource_spans:
                service = next((a.value.string_value for a in resource_spans.resource.attributes
                                if a.key == "service.name"), "")
                for scope_spans in resource_spans.scope_spans:
                    for span in scope_spans.spans:
                        out.write(json.dumps({
                            "service": service,
                            "name": span.name,
                            "trace_id": span.trace_id.hex(),
                            "span_id": span.span_id.hex(),
                            "parent_span_id": span.parent_span_id.hex(),
                            "kind": span.kind,
                            "attributes": {a.key: a.value.string_value for a in span.attributes
                                           if a.value.WhichOneof("value") == "string_value"},
                        }) + "\n")
        reply = trace_service_pb2.ExportTraceServiceResponse().SerializeToString()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    # A parent that ignores SIGTERM passes that on through exec; stop on it as usual.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    ThreadingHTTPServer(("127.0.0.1", PORT), Receiver).serve_forever()
