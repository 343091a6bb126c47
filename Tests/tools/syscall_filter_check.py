#!/usr/bin/env python3
"""Checks that the system calls a process made are allowed by a systemd unit's SystemCallFilter=,
and the sockets it opened by its RestrictAddressFamilies= (Tests/DeploymentTests runs each service
under `strace -f -C`, which writes the calls and then their summary, and gives the files here):

  syscall_filter_check.py UNIT_FILE STRACE_OUTPUT...

The unit's filter is expanded with `systemd-analyze syscall-filter` as systemd does it: the first
allow-list, then every `~` line removing from it. Prints each call or address family the unit would
refuse and exits 1 if there is any.
"""
import re
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


def used_calls(output):
    """The call names of strace's summary table, which follows its `% time` header."""
    calls, in_summary = set(), False
    for line in open(output):
        fields = line.split()
        if line.startswith("% time"):
            in_summary = True
        elif in_summary and len(fields) >= 5 and fields[-1] != "total" and not fields[0].startswith("-"):
            calls.add(fields[-1])
    return calls


def used_families(output):
    return set(re.findall(r"socket\((AF_[A-Z0-9]+)", open(output).read()))


def memory_violations(output):
    """Calls that MemoryDenyWriteExecute= refuses: writable and executable mappings, or making
    existing memory executable."""
    found = []
    for line in open(output):
        if ("mmap(" in line or "mmap2(" in line) and "PROT_WRITE" in line and "PROT_EXEC" in line:
            found.append(line.strip())
        elif ("mprotect(" in line or "pkey_mprotect(" in line) and "PROT_EXEC" in line:
            found.append(line.strip())
    return found


def setting(unit, name):
    for line in open(unit):
        if line.strip().startswith(name + "="):
            return line.split("=", 1)[1].strip()
    return None


def allowed_families(unit):
    for line in open(unit):
        if line.strip().startswith("RestrictAddressFamilies="):
            return set(line.split("=", 1)[1].split())
    return None


if __name__ == "__main__":
    unit, outputs = sys.argv[1], sys.argv[2:]
    allowed = allowed_calls(unit, groups())
    families = allowed_families(unit)
    denies_write_execute = setting(unit, "MemoryDenyWriteExecute") == "yes"
    failed = False
    for output in outputs:
        used = used_calls(output)
        refused = sorted(used - allowed)
        refused_families = sorted(used_families(output) - families) if families is not None else []
        if denies_write_execute:
            refused_families += [f"MemoryDenyWriteExecute: {call}" for call in memory_violations(output)[:3]]
        if not used:
            print(f"{output}: no system calls recorded")
            failed = True
        elif refused or refused_families:
            print(f"{output}: refused by the unit: {' '.join(refused + refused_families)}")
            failed = True
        else:
            print(f"{output}: {len(used)} system calls and sockets {' '.join(sorted(used_families(output)))}, all allowed")
    sys.exit(1 if failed else 0)
