#!/usr/bin/env bash
# The recommendation evaluation with its ALS baseline: installs PyPI `implicit` into the git-ignored
# .venv-discovery/ (once), then runs `passerelle discovery evaluate` with it. Usage:
#   scripts/discovery/evaluate.sh [PASSERELLE_BINARY]     (default .build/debug/passerelle)
set -euo pipefail
cd "$(dirname "$0")/../.."
binary=${1:-.build/debug/passerelle}
venv=.venv-discovery
if [ ! -x "$venv/bin/python" ] || ! cmp -s scripts/discovery/requirements.txt "$venv/.requirements"; then
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r scripts/discovery/requirements.txt
    cp scripts/discovery/requirements.txt "$venv/.requirements"
fi
exec "$binary" discovery evaluate --als-python "$venv/bin/python"
