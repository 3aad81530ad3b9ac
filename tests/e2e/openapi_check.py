"""openapi_check.py -- every answer the end-to-end tests get, checked
against docs/openapi.json.

harness.Server.request calls check() after each response.  The request's
method and path find the route as httpd/router.c does (its table, read
from the source, in order: the first row whose pattern matches), and the
route's pattern finds the document's operation (parameter names aside:
the router's `/chat/{tradeBoardId}` is the document's `/chat/{id}`).
Then:

- the status must be documented for that operation (exactly, as a range
  such as `4XX`, or `default`);
- the body must be of a documented media type and, when JSON, match the
  schema (JSON Schema 2020-12, `$ref`s resolved into the document);
- an error (4xx, 5xx) must be `application/problem+json` with the Problem
  shape (unless the operation documents another media type for that
  status: the health report of a 503 from GET /health).

A path no route matches must be the generic 404 problem; a routed path
with another method the 405 problem (OPTIONS answers are the server's
CORS/Allow answers, outside the document: only counted).  What tests send
on purpose below HTTP (harness.Server.raw_exchange: oversized bodies,
malformed requests over a plain socket) and requests to other servers
(fake S3, Prometheus) are not checked.  A mismatch
raises AssertionError naming the method, path, status and the schema
error, so the test that made the request fails.  At exit the number of
validated responses is printed on stderr.

Needs Debian's python3-jsonschema (>= 4.0, for Draft 2020-12).
"""

import atexit
import json
import os
import re
import sys
import urllib.parse

import jsonschema

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DOC_PATH = os.path.join(ROOT, "docs", "openapi.json")
ROUTER_PATH = os.path.join(ROOT, "httpd", "router.c")

ROW = re.compile(r'^\s*\{\s*"(GET|POST|PUT|PATCH|DELETE)",\s*"([^"]+)",'
                 r'\s*(route_\w+),\s*(AUTH_\w+)')
METHODS = ("get", "post", "put", "patch", "delete")
JSON_TYPES = ("application/json", "application/problem+json")

stats = {"validated": 0, "problems": 0}
_state = {}


def template_key(path):
    """A path template with its parameter names dropped (`/app/*` is the
    document's `/app/{path}`)."""
    if path.endswith("/*"):
        path = path[:-2] + "/{path}"
    return re.sub(r"\{[^}]+\}", "{}", path)


def router_rows():
    """[(method, pattern, handler, auth)] of httpd/router.c, in order."""
    rows = []
    with open(ROUTER_PATH, encoding="utf-8") as f:
        for line in f:
            m = ROW.match(line)
            if m:
                rows.append(m.groups())
    return rows


def load():
    if not _state:
        with open(DOC_PATH, encoding="utf-8") as f:
            doc = json.load(f)
        _state["doc"] = doc
        _state["rows"] = router_rows()
        _state["paths"] = {template_key(p): p for p in doc["paths"]}
        _state["resolver"] = jsonschema.RefResolver("", doc)
        _state["validators"] = {}
    return _state


def match(pattern, path):
    """The router's match(): `{x}` takes one non-empty segment, a final
    `*` a non-empty rest."""
    pat = pattern.split("/")[1:]
    segs = path.split("/")[1:]
    for i, p in enumerate(pat):
        if i >= len(segs):
            return False
        if p == "*" and i == len(pat) - 1:
            return segs[i] != ""
        if p.startswith("{") and p.endswith("}") and len(p) > 2:
            if segs[i] == "":
                return False
        elif p != segs[i]:
            return False
    return len(segs) == len(pat)


def find_route(method, path):
    """(row, allowed methods) of the request, as router_match() does:
    row is None when no row takes this method (allowed empty: no path)."""
    st = load()
    found, allowed = None, []
    for row in st["rows"]:
        if not match(row[1], path):
            continue
        allowed.append(row[0])
        if found is None and (row[0] == method or
                              (method == "HEAD" and row[0] == "GET")):
            found = row
    return found, allowed


def resolve_ref(node):
    """node with every leading `$ref` followed (responses, media types)."""
    doc = load()["doc"]
    seen = 0
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if not ref.startswith("#/"):
            raise AssertionError("openapi: external $ref %s" % ref)
        node = doc
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        seen += 1
        if seen > 20:
            raise AssertionError("openapi: $ref loop at %s" % ref)
    return node


def schema_errors(schema, instance, where):
    """The schema errors of instance (a list of strings)."""
    st = load()
    v = st["validators"].get(where)
    if v is None:
        v = jsonschema.Draft202012Validator(
            schema, resolver=st["resolver"],
            format_checker=jsonschema.FormatChecker())
        st["validators"][where] = v
    out = []
    for e in sorted(v.iter_errors(instance), key=lambda e: list(e.path)):
        loc = "/".join(str(p) for p in e.absolute_path)
        out.append("at /%s: %s (schema %s)" % (
            loc, e.message[:300],
            "/".join(str(p) for p in e.absolute_schema_path)))
        if len(out) >= 5:
            break
    return out


def problem_schema():
    return {"$ref": "#/components/schemas/Problem"}


def media_type(headers):
    return (headers.get("Content-Type") or "").split(";")[0].strip().lower()


def check_body(method, status, headers, raw, content, where):
    """Errors of one answer against a documented response's content."""
    errors = []
    ctype = media_type(headers)
    if method == "HEAD" or status in (204, 304) or status < 200:
        return errors
    if not content:
        if raw:
            errors.append("a body (%s, %d bytes) where the document "
                          "describes none" % (ctype or "no type", len(raw)))
        return errors
    media = None
    if ctype in content:
        media = content[ctype]
    else:
        for key, value in content.items():
            k = key.lower()
            if k == "*/*" or (k.endswith("/*") and
                              ctype.startswith(k[:-1])):
                media = value
                break
    if media is None:
        errors.append("Content-Type %r is not documented (%s)" % (
            ctype, ", ".join(sorted(content))))
        return errors
    media = resolve_ref(media)
    schema = media.get("schema")
    if ctype in JSON_TYPES or ctype.endswith("+json"):
        try:
            instance = json.loads(raw) if raw else None
        except ValueError as e:
            return ["the body is not JSON: %s" % e]
        if schema is not None:
            errors += schema_errors(schema, instance, where + "|" + ctype)
    return errors


def check(method, target, status, headers, raw):
    """Check one answer; raises AssertionError on a mismatch."""
    st = load()
    url = urllib.parse.urlsplit(target)
    path = url.path
    found, allowed = find_route(method, path)
    errors = []
    is_error = status >= 400
    documented_types = ()
    if method == "OPTIONS" and allowed:
        stats["validated"] += 1
        return
    if found is None:
        # No route: the generic 404 problem, or 405 when the path is routed
        # for other methods.
        want = 405 if allowed else 404
        what = "unrouted"
        if status != want:
            errors.append("expected the generic %d problem" % want)
        content = {"application/problem+json":
                   {"schema": problem_schema()}}
        errors += check_body(method, status, headers, raw, content,
                             "generic")
    else:
        key = template_key(found[1])
        doc_path = st["paths"].get(key)
        op = st["doc"]["paths"].get(doc_path, {}).get(found[0].lower())
        what = "%s %s" % (found[0], doc_path or found[1])
        if op is None:
            errors.append("route %s %s has no operation in the document"
                          % (found[0], found[1]))
        else:
            responses = op.get("responses", {})
            code = str(status)
            response = (responses.get(code) or
                        responses.get(code[0] + "XX") or
                        responses.get("default"))
            if response is None:
                errors.append("status %d is not documented (%s)" % (
                    status, ", ".join(sorted(responses))))
            else:
                response = resolve_ref(response)
                documented_types = tuple(response.get("content") or ())
                errors += check_body(method, status, headers, raw,
                                     response.get("content"),
                                     "%s %s %s" % (found[0], doc_path,
                                                   code))
    ctype = media_type(headers)
    if (is_error and method != "HEAD" and
            # an error body of its own, documented as such (the health
            # report of GET /health's 503), is checked above
            not (ctype in documented_types and
                 ctype != "application/problem+json")):
        if ctype != "application/problem+json":
            errors.append("an error as %r, not application/problem+json"
                          % ctype)
        else:
            try:
                body = json.loads(raw)
            except ValueError:
                body = None
            errors += schema_errors(problem_schema(), body, "Problem")
            if isinstance(body, dict) and body.get("status") != status:
                errors.append("problem status %r on a %d answer" % (
                    body.get("status"), status))
    stats["validated"] += 1
    if errors:
        stats["problems"] += 1
        seen = []
        for e in errors:
            if e not in seen:
                seen.append(e)
        raise AssertionError(
            "openapi: %s %s -> %d (%s) does not match docs/openapi.json:\n"
            "  %s\n  body: %s" % (
                method, target, status, what, "\n  ".join(seen),
                raw[:400].decode("utf-8", "replace")))


def _report():
    if stats["validated"] or stats["problems"]:
        sys.stderr.write("openapi: %d responses validated, %d problems\n" % (
            stats["validated"], stats["problems"]))
        sys.stderr.flush()


atexit.register(_report)
