#!/usr/bin/env bash
# The contract suite: the nine specs (from ../shared) against the emulator, through schemathesis,
# fuzzed and along each operation's success path; and the check that core's generated models and
# operation tables are fresh against those specs.
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
