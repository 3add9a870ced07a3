#!/usr/bin/env bash
# Validates Passerelle's OpenAPI 3.1 document with the PyPI package openapi-spec-validator.
#
#   scripts/validate-openapi.sh http://127.0.0.1:8080/openapi.json   # a running server
#   scripts/validate-openapi.sh path/to/openapi.json                  # a saved document
#
# The validator lives in the git-ignored .venv/ at the repository root, created on first use with
# pip (PyPI only; pip's configured find-links are honoured). Exits non-zero when the document is invalid.
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 <URL of /openapi.json | file>" >&2
    exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
if [[ ! -x "$venv/bin/openapi-spec-validator" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "openapi-spec-validator>=0.7,<0.8"
fi

source="$1"
document="$source"
if [[ "$source" == http://* || "$source" == https://* ]]; then
    document="$(mktemp --suffix=.json)"
    trap 'rm -f "$document"' EXIT
    "$venv/bin/python" - "$source" "$document" <<'PY'
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=30) as response, open(sys.argv[2], "wb") as out:
    out.write(response.read())
PY
fi

if [[ ! -s "$document" ]]; then
    echo "no document at $source" >&2
    exit 2
fi

version="$("$venv/bin/python" -c 'import json,sys; print(json.load(open(sys.argv[1])).get("openapi", ""))' "$document")"
if [[ "$version" != "3.1.0" ]]; then
    echo "expected OpenAPI 3.1.0, found '$version'" >&2
    exit 1
fi
"$venv/bin/openapi-spec-validator" --schema 3.1.0 "$document"
