#!/usr/bin/env bash
# Install everything the tests need on a fresh machine, then run them all:
# ruff and mypy on solver/, then pytest (unit, property, end-to-end browser tests).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
# The browser tests drive Debian's Chromium (no browser download): install it when missing.
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
PY="${PYTHON:-python3}"
"$PY" -m venv "$VENV"
# pdf: WeasyPrint, so that the PDF pages are tested too
"$VENV/bin/pip" install --quiet '.[test,dask,pdf]'
"$VENV/bin/ruff" check solver
"$VENV/bin/mypy" solver
# pytest exits 5 when it collects no test: that is a failure here, as any non-zero status.
"$VENV/bin/python" -m pytest -q "$@"
