#!/usr/bin/env python3
"""check_store_coverage.py -- every store method is in the conformance suite.

Reads the method tables of include/petory/sys/store_<table>.h and the rank
and session tables of sys/store.h, and fails when a method is called
nowhere in tests/store/*.c (through its petory__store_<method> wrapper or
as ->method( on a table).

Usage: check_store_coverage.py [SOURCE_DIR]
"""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
sys_dir = root / "include/petory/sys"
METHOD = re.compile(r"\(\*(\w+)\)\(")
STRUCT = re.compile(r"struct (petory_\w+) \{(.*?)\n\}", re.S)


def tables():
    for header in sorted(sys_dir.glob("store*.h")):
        for name, body in STRUCT.findall(header.read_text()):
            if name in ("petory_store",):
                continue
            methods = [m for m in METHOD.findall(body) if m != "free"]
            if methods:
                yield name, methods


def main():
    tests = "\n".join(p.read_text() for p in (root / "tests/store").glob("*.c"))
    missing = []
    count = 0
    for table, methods in tables():
        for m in methods:
            count += 1
            if not re.search(rf"(petory__store_{m}\(|->{m}\()", tests):
                missing.append(f"{table}.{m}")
    for m in missing:
        print(f"not exercised by tests/store/: {m}")
    print(f"{count - len(missing)} of {count} store methods exercised")
    return 1 if missing else 0


sys.exit(main())
