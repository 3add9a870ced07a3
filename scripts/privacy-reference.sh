#!/usr/bin/env bash
# Creates .venv/ with OpenDP + SciPy and writes the reference figures the Swift privacy tests read.
# CI runs this before `swift test`; without its output the accounting tests skip and say so.
# $1 (optional) is the OpenDP output path; the SciPy suppression reference lp-reference.json goes beside it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.venv"
out="${1:-$root/.build/privacy-reference/opendp-reference.json}"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$root/scripts/requirements-privacy.txt"
mkdir -p "$(dirname "$out")"
"$venv/bin/python" "$root/scripts/opendp_reference.py" > "$out.tmp"
mv "$out.tmp" "$out"
echo "wrote $out"
lp="$(dirname "$out")/lp-reference.json"
"$venv/bin/python" "$root/scripts/lp_reference.py" > "$lp.tmp"
mv "$lp.tmp" "$lp"
echo "wrote $lp"
