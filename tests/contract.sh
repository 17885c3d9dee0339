#!/usr/bin/env bash
# The contract suite: the nine specs (from ../shared) against the emulator, through schemathesis,
# fuzzed and along each operation's success path. (That the core's generated code is fresh against
# the specs is the `generated` suite's.) The emulator under test is the one a user gets from
# `cargo install --path emulator`, into target/install; here with --debug, which reuses the Rust
# suite's builds instead of a release build of its own (3 minutes on 2 cores; the emulator's
# release build is compiled anyway, into the Node addon).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=tests/contract/.venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "schemathesis==4.32.5" "pytest>=8" "pyyaml>=6"
cargo install --quiet --locked --debug --path emulator --root target/install --target-dir target
export SAASUS_EMULATOR_BIN=$PWD/target/install/bin/saasus-emulator
"$SAASUS_EMULATOR_BIN" --version
cd tests/contract
../../$venv/bin/python -m pytest -q -p no:cacheprovider
