#!/usr/bin/env python3
"""Fuzzes a live backend with schemathesis, driven by the OpenAPI document it serves.

usage: api_fuzz.py BASE_URL [schemathesis run options...]
       e.g. api_fuzz.py http://127.0.0.1:8080 --workers 4 --max-time 75

Runs `schemathesis run BASE_URL/api/openapi.json --checks all` (every phase: the document's examples,
coverage of each constraint's edges, positive and negative fuzzing, and stateful sequences that follow
the links schemathesis infers between operations), with the options given after BASE_URL appended.
The exit status is schemathesis's: 0 when no check failed and nothing errored. Its cache goes to a
temporary folder, removed at the end; each failure is printed with a curl command that reproduces it.

Two things are set up before schemathesis starts, in this process:
- The shopper sessions: a schema-valid X-Session-ID that schemathesis generated is replaced by one of
  a few fixed sessions (`SESSIONS`), so that workers add to, change, empty and check out the same carts
  at the same time, as concurrent shoppers would; the stateful phase, whose steps follow each other,
  uses a cart of its own. Invalid and missing headers are sent as generated.
- A lock around `ast.parse`: CPython 3.11 (this machine's python3) fails with "SystemError: AST
  constructor recursion depth mismatch" when two threads parse at once, which hypothesis does when it
  describes a filtered strategy; schemathesis's workers are threads.

Needs schemathesis (PyPI, pinned in scripts/install-fuzz-tools.sh); run it with that virtualenv's
python (.tools/fuzz/bin/python).
"""
import ast
import os
import re
import sys
import tempfile
import threading

import schemathesis
from schemathesis.cli import schemathesis as cli
from schemathesis.generation.meta import TestPhase

SESSIONS = ("fuzz-shopper-1", "fuzz-shopper-2", "fuzz-shopper-3")
STATEFUL_SESSION = "fuzz-stateful"
SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{8,128}$")

_parse = ast.parse
_parse_lock = threading.Lock()


def _serialized_parse(*args, **kwargs):
    with _parse_lock:
        return _parse(*args, **kwargs)


ast.parse = _serialized_parse


@schemathesis.hook
def before_call(context, case, kwargs):
    """Valid sessions go to a few shared carts, chosen from the generated value so that a case
    replays the same. The stateful phase (one sequence at a time, each step continuing from the
    previous one's answer) keeps to one cart of its own."""
    headers = case.headers or {}
    session = headers.get("X-Session-ID")
    if isinstance(session, str) and SESSION_ID.fullmatch(session):
        stateful = case.meta is not None and case.meta.phase.name == TestPhase.STATEFUL
        headers["X-Session-ID"] = STATEFUL_SESSION if stateful else SESSIONS[sum(session.encode()) % len(SESSIONS)]


def main(argv):
    if len(argv) < 2 or argv[1].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    base = argv[1].rstrip("/")
    arguments = ["run", f"{base}/api/openapi.json", "--checks", "all", "--generation-database", "none",
                 "--no-color", *argv[2:]]
    # schemathesis keeps a cache (.schemathesis/) in the working directory: not in the repository.
    with tempfile.TemporaryDirectory(prefix="api-fuzz-") as scratch:
        os.chdir(scratch)
        try:
            cli.main(arguments, prog_name="schemathesis", standalone_mode=False)
        except SystemExit as exit_:
            return exit_.code if isinstance(exit_.code, int) else 1
        finally:
            os.chdir("/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
