#!/usr/bin/env bash
# The contract suite: the spec (from ../shared) against the emulator, through schemathesis; and
# the check that core's generated models and operation table are fresh against that spec.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=tests/contract/.venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "schemathesis==4.32.5" "pytest>=8" "pyyaml>=6"
"$venv/bin/python" tools/specgen.py --check
cargo build --quiet -p saasus-emulator
cd tests/contract
../../$venv/bin/python -m pytest -q -p no:cacheprovider
