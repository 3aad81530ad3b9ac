#!/usr/bin/env python3
"""check_store_reasons.py -- no API reason code below domain/.

The domain layer owns every rule and reason code; stores report facts
(design.md, "Storage: the domain decides, stores report facts").  This
check reads every string literal under libpetory/store/ and fails on any
that looks like a reason code (UPPER_SNAKE_CASE with an underscore, such
as "PLACE_NOT_FOUND") or that equals a reason code the rest of the code
base uses.  SQL keywords and Redis commands are not reason codes; the few
upper-case strings a store legitimately holds (stored enum names) are
listed in ALLOWED with the reason they are data.

Usage: check_store_reasons.py [SOURCE_DIR]
"""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
REASON = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")
# Upper-case words a store may hold that are not reason codes.
ALLOWED = {
    # SQL and Redis syntax
    "CURRENT_TIMESTAMP", "ON_ERROR_STOP",
}


def literals(path):
    text = path.read_text(encoding="utf-8", errors="replace")
    # drop comments so that documentation may name reason codes
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"),
                  text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    for lineno, line in enumerate(text.splitlines(), 1):
        for m in STRING.finditer(line):
            yield lineno, m.group(1)


def reasons_used_elsewhere():
    found = set()
    for sub in ("libpetory/domain", "libpetory/auth", "libpetory/jobs",
                "libpetory/ops", "httpd", "cli", "include/petory"):
        for path in (root / sub).rglob("*.[ch]"):
            for _, s in literals(path):
                if REASON.match(s):
                    found.add(s)
    return found


def main():
    known = reasons_used_elsewhere()
    bad = []
    for path in sorted((root / "libpetory/store").rglob("*.[ch]")):
        for lineno, s in literals(path):
            for word in re.findall(r"\b[A-Z][A-Z0-9_]*\b", s) if " " in s \
                    else [s]:
                if word in ALLOWED:
                    continue
                if (" " not in s and REASON.match(word)) or word in known:
                    bad.append(f"{path.relative_to(root)}:{lineno}: "
                               f'"{word}" is a reason code')
    for line in bad:
        print(line)
    if bad:
        print(f"{len(bad)} reason code(s) under libpetory/store/: the "
              "store reports facts; the domain names reasons")
        return 1
    print("no reason codes under libpetory/store/")
    return 0


sys.exit(main())
