#!/usr/bin/env python3
"""A webhook receiver for tests: appends every POST it gets to OUTPUT as one JSON line
{"path": "/page", "body": <the JSON body>} and answers 200 (Alertmanager's webhook_config target).

usage: webhook_recorder.py PORT OUTPUT
"""
import json
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, OUTPUT = int(sys.argv[1]), sys.argv[2]
LOCK = threading.Lock()


class Recorder(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        try:
            parsed = json.loads(body)
        except ValueError:
            parsed = body.decode("utf-8", "replace")
        with LOCK, open(OUTPUT, "a", encoding="utf-8") as out:
            out.write(json.dumps({"path": self.path, "body": parsed}) + "\n")
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):  # readiness
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
ThreadingHTTPServer(("127.0.0.1", PORT), Recorder).serve_forever()
