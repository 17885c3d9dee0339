#!/usr/bin/env bash
# Prints the path of the debug emulator the suites run against: target/debug/saasus-emulator as
# the Rust suite's `cargo test` builds it, made here by that same command, so that after the Rust
# suite nothing is compiled again (`cargo build -p saasus-emulator` would resolve the dependencies'
# features apart from the workspace's tests, and compile the core and the emulator once more).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --quiet --no-run >&2
echo "$PWD/target/debug/saasus-emulator"
