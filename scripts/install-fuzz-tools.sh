#!/usr/bin/env bash
# Installs the API fuzzer the backend tests run (schemathesis and the hypothesis it generates with,
# both pinned) in its own virtualenv, .tools/fuzz (not in git), linked as .tools/bin/schemathesis and
# .tools/bin/st. A second run with the same pins does nothing. `make test` runs it first (with
# scripts/install-test-tools.sh); Tests/BackendTests/APIFuzzTests uses .tools/fuzz/bin/python.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=.tools
python=${PYTHON:-python3}
requirements="schemathesis==4.32.5 hypothesis==6.170.17"
venv="$tools/fuzz"

mkdir -p "$tools/bin"
if [ "$(cat "$venv/.requirements" 2>/dev/null)" != "$requirements" ]; then
    echo "install-fuzz-tools: $requirements" >&2
    rm -rf "$venv"
    "$python" -m venv "$venv"
    # shellcheck disable=SC2086  # one argument per requirement
    "$venv/bin/pip" install --quiet --disable-pip-version-check $requirements
    echo "$requirements" >"$venv/.requirements"
fi
ln -sf ../fuzz/bin/schemathesis "$tools/bin/schemathesis"
ln -sf ../fuzz/bin/st "$tools/bin/st"
