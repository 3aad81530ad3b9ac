#!/usr/bin/env python3
"""check_layers.py -- keep libpetory's layers apart.

libpetory is cut into layers (docs/architecture.md, "Layers"):

    front-ends -> domain/ auth/ jobs/ ops/ -> store/ (wrappers, backends)
               -> model/ + core/

and the top-level libpetory/petory.c, which wires a handle's backends.
A layer may call the layers below it, never those above.  This script
reads every C file of libpetory/, finds the functions and global objects
each directory defines (non-static definitions, found by a small lexer),
then every identifier each file uses and every header it includes, and
reports:

  - a file under core/ or model/ that includes a header of, or uses a
    name defined in, domain/, auth/, jobs/, ops/, store/ or petory.c;
  - a file under model/ that uses a name defined anywhere but core/ and
    model/;
  - a file under store/ that includes a header of, or uses a name
    defined in, domain/, auth/, jobs/, ops/ or petory.c.

Each offence is printed as `file:line: function: name (defined in X)`
(function: the definition the use is in, `-` at file level); the exit
status is 1 when there is any, 0 otherwise.

    tools/check_layers.py [LIBPETORY_DIR]     (default: ../libpetory)
"""
import os
import re
import sys

# The layers each directory must not reach, by name use or by #include.
FORBIDDEN = {
    "core": {"domain", "auth", "jobs", "ops", "store", "top"},
    "model": {"domain", "auth", "jobs", "ops", "store", "top"},
    "store": {"domain", "auth", "jobs", "ops", "top"},
}
LAYERS = ("core", "model", "domain", "auth", "jobs", "ops", "store")

IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
INCLUDE = re.compile(r'#\s*include\s*"([^"]+)"')
# Words that open a declaration without being its name.
NOT_NAMES = {
    "static", "extern", "const", "volatile", "inline", "typedef", "struct",
    "union", "enum", "unsigned", "signed", "int", "char", "long", "short",
    "void", "float", "double", "_Bool", "bool", "_Atomic", "register",
    "__attribute__", "restrict", "__thread", "_Thread_local",
}


class Token:
    __slots__ = ("text", "line", "directive")

    def __init__(self, text, line, directive=False):
        self.text = text
        self.line = line
        self.directive = directive  # inside a #define: a use, no structure


def lex(source):
    """Identifiers and the punctuation that shapes definitions; comments,
    strings and character constants are skipped.  Returns (tokens,
    includes), includes as (line, header) pairs."""
    tokens, includes = [], []
    i, n, line = 0, len(source), 1
    at_line_start = True
    in_directive = False
    while i < n:
        c = source[i]
        if c == "\n":
            line += 1
            at_line_start = True
            in_directive = False
            i += 1
            continue
        if c == "\\" and i + 1 < n and source[i + 1] == "\n":
            line += 1  # a continued line: a directive goes on
            i += 2
            continue
        if c in " \t\r\f\v":
            i += 1
            continue
        if source.startswith("/*", i):
            end = source.find("*/", i + 2)
            end = n if end < 0 else end + 2
            line += source.count("\n", i, end)
            i = end
            continue
        if source.startswith("//", i):
            end = source.find("\n", i)
            i = n if end < 0 else end
            continue
        if c == "#" and at_line_start:
            end = i
            while True:  # the directive's whole text, continuations too
                end = source.find("\n", end)
                if end < 0:
                    end = n
                    break
                if source[end - 1] != "\\":
                    break
                end += 1
            m = INCLUDE.match(source, i)
            if m:
                includes.append((line, m.group(1)))
                i = m.end()
                continue
            in_directive = True
            i += 1
            m = IDENT.match(source, i)
            if m and m.group(0) in ("define", "if", "elif", "ifdef",
                                   "ifndef", "undef", "pragma", "error",
                                   "line", "endif", "else"):
                i = m.end()
            continue
        at_line_start = False
        if c == '"' or c == "'":
            j = i + 1
            while j < n and source[j] != c:
                if source[j] == "\\":
                    j += 1
                elif source[j] == "\n":
                    line += 1
                j += 1
            i = j + 1
            continue
        m = IDENT.match(source, i)
        if m:
            tokens.append(Token(m.group(0), line, in_directive))
            i = m.end()
            continue
        if c.isdigit():
            j = i + 1
            while j < n and (source[j].isalnum() or source[j] in "._"):
                j += 1
            i = j
            continue
        if c in "{}();=[],":
            tokens.append(Token(c, line, in_directive))
        i += 1
    return tokens, includes


def declared_name(decl):
    """The name a top-level declaration (tokens before its `{` or `;`)
    defines: (name, is_function), or None."""
    words = [t.text for t in decl]
    if not words or words[0] in ("typedef", "extern"):
        return None
    if words[-1] == ")":  # a function definition: name ( params )
        depth = 0
        for k in range(len(words) - 1, -1, -1):
            if words[k] == ")":
                depth += 1
            elif words[k] == "(":
                depth -= 1
                if depth == 0:
                    if k > 0 and IDENT.fullmatch(words[k - 1]) and \
                            words[k - 1] not in NOT_NAMES:
                        return words[k - 1], True
                    return None
        return None
    if "(" in words:  # a prototype, or a function pointer
        return None
    # data: the last identifier before `=` or the end, past any [size]
    end = words.index("=") if "=" in words else len(words)
    depth = 0
    for k in range(end - 1, -1, -1):
        w = words[k]
        if w == "]":
            depth += 1
        elif w == "[":
            depth -= 1
        elif depth == 0 and IDENT.fullmatch(w) and w not in NOT_NAMES:
            if k == 0 or words[k - 1] in ("struct", "union", "enum"):
                return None  # `struct x {`: a type, not an object
            return w, False
    return None


def scan(tokens):
    """Definitions and uses of one file.  Returns (defined, uses):
    defined maps each non-static name to True for functions; uses is a
    list of (name, line, enclosing definition or '-')."""
    defined, uses = {}, []
    depth = 0
    decl = []  # tokens of the top-level declaration being read
    current = "-"
    for t in tokens:
        if t.directive:
            if IDENT.fullmatch(t.text):
                uses.append((t.text, t.line, current))
            continue
        if depth == 0:
            if t.text == "{":
                found = declared_name(decl)
                if found and "static" not in (d.text for d in decl):
                    defined[found[0]] = found[1]
                current = found[0] if found and found[1] else "-"
                decl = []
                depth = 1
            elif t.text == ";":
                found = declared_name(decl)
                if found and not found[1] and \
                        "static" not in (d.text for d in decl):
                    defined[found[0]] = False
                decl = []
            else:
                decl.append(t)
            if IDENT.fullmatch(t.text):
                uses.append((t.text, t.line, current))
            continue
        if t.text == "{":
            depth += 1
        elif t.text == "}":
            depth -= 1
            if depth == 0:
                current = "-"
        elif IDENT.fullmatch(t.text):
            uses.append((t.text, t.line, current))
    return defined, uses


def layer_of(rel):
    """The layer of a path relative to libpetory/: core, model, …, store,
    or top for the files directly in libpetory/ (the wiring)."""
    head = rel.split("/", 1)
    if len(head) == 1:
        return "top"
    return head[0] if head[0] in LAYERS else None


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = sys.argv[1] if len(sys.argv) > 1 else \
        os.path.join(here, "..", "libpetory")
    root = os.path.normpath(root)
    files = []
    for dirpath, _, names in os.walk(root):
        for name in sorted(names):
            if name.endswith((".c", ".h")):
                path = os.path.join(dirpath, name)
                files.append(os.path.relpath(path, root))
    files.sort()

    owner = {}  # name -> (layer, file) of its definition
    scanned = {}
    for rel in files:
        with open(os.path.join(root, rel), encoding="utf-8") as f:
            tokens, includes = lex(f.read())
        defined, uses = scan(tokens)
        scanned[rel] = (uses, includes)
        if rel.endswith(".c") and layer_of(rel):
            for name in defined:
                owner.setdefault(name, (layer_of(rel), rel))

    offences = []
    for rel in files:
        layer = layer_of(rel)
        forbidden = FORBIDDEN.get(layer)
        if not forbidden:
            continue
        uses, includes = scanned[rel]
        for line, header in includes:
            target = os.path.normpath(
                os.path.join(os.path.dirname(rel), header))
            if not os.path.exists(os.path.join(root, target)):
                target = os.path.normpath(header)
            if not os.path.exists(os.path.join(root, target)):
                continue  # a public or system header
            if layer_of(target) in forbidden:
                offences.append("%s:%d: -: #include \"%s\" (%s)" %
                                (rel, line, header, layer_of(target)))
        if not rel.endswith(".c"):
            continue  # headers declare; only code calls
        seen = set()
        for name, line, within in uses:
            where = owner.get(name)
            if not where or where[1] == rel or where[0] not in forbidden:
                continue
            if (name, within) in seen:
                continue
            seen.add((name, within))
            offences.append("%s:%d: %s: %s (defined in %s)" %
                            (rel, line, within, name, where[1]))

    for o in offences:
        print("libpetory/" + o)
    if offences:
        print("check_layers: %d uses across layers (docs/architecture.md, "
              "\"Layers\")" % len(offences), file=sys.stderr)
        return 1
    print("check_layers: %d files, the layers hold" % len(files))
    return 0


if __name__ == "__main__":
    sys.exit(main())
