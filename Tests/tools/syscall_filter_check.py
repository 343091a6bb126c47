#!/usr/bin/env python3
"""Checks that the system calls a process made are allowed by a systemd unit's SystemCallFilter=
(Tests/DeploymentTests runs each service under `strace -f -c` and gives the summaries here):

  syscall_filter_check.py UNIT_FILE STRACE_SUMMARY...

The unit's filter is expanded with `systemd-analyze syscall-filter` as systemd does it: the first
allow-list, then every `~` line removing from it. Prints each call the filter would refuse and exits
1 if there is any.
"""
import subprocess
import sys


def groups():
    """Every @group of this systemd, with its members (nested groups expanded)."""
    text = subprocess.run(["systemd-analyze", "syscall-filter"], capture_output=True, text=True, check=True).stdout
    members, current = {}, None
    for line in text.splitlines():
        if line.startswith("@"):
            current = line.split()[0]
            members[current] = []
        elif current and line.strip() and not line.strip().startswith("#"):
            members[current].append(line.strip())

    def expand(name):
        found = set()
        for member in members.get(name, [name]):
            found |= expand(member) if member.startswith("@") else {member}
        return found
    return expand


def allowed_calls(unit, expand):
    allowed = None
    for line in open(unit):
        line = line.strip()
        if not line.startswith("SystemCallFilter="):
            continue
        value = line.split("=", 1)[1]
        deny = value.startswith("~")
        names = set()
        for entry in value.lstrip("~").split():
            names |= expand(entry) if entry.startswith("@") else {entry}
        if deny:
            allowed = (allowed if allowed is not None else set()) - names
        else:
            allowed = names if allowed is None else allowed | names
    if allowed is None:
        sys.exit(f"{unit}: no SystemCallFilter=")
    return allowed | expand("@default")  # systemd always permits @default


def used_calls(summary):
    calls = set()
    for line in open(summary):
        fields = line.split()
        if len(fields) >= 5 and fields[-1] not in ("total", "syscall") and not fields[0].startswith("-"):
            calls.add(fields[-1])
    return calls


if __name__ == "__main__":
    unit, summaries = sys.argv[1], sys.argv[2:]
    allowed = allowed_calls(unit, groups())
    failed = False
    for summary in summaries:
        used = used_calls(summary)
        refused = sorted(used - allowed)
        if not used:
            print(f"{summary}: no system calls recorded")
            failed = True
        elif refused:
            print(f"{summary}: refused by the filter: {' '.join(refused)}")
            failed = True
        else:
            print(f"{summary}: {len(used)} system calls, all allowed")
    sys.exit(1 if failed else 0)
