#!/usr/bin/env bash
# The contract suite: the nine specs (from ../shared) against the emulator, through schemathesis,
# fuzzed and along each operation's success path. (That the core's generated code is fresh against
# the specs is the `generated` suite's.) The emulator under test is the Rust suite's debug build
# (tests/debug-emulator.sh), not a release build of its own (3 minutes on 2 cores; the emulator's
# release build is compiled anyway, into each binding's library).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=tests/contract/.venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "schemathesis==4.32.5" "pytest>=8" "pyyaml>=6"
SAASUS_EMULATOR_BIN=$(bash tests/debug-emulator.sh)
export SAASUS_EMULATOR_BIN
"$SAASUS_EMULATOR_BIN" --version
cd tests/contract
../../$venv/bin/python -m pytest -q -p no:cacheprovider
