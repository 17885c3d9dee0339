#!/usr/bin/env bash
# The Rust suites: core (signing vectors, client against the in-process emulator) and emulator.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --check -p saasus -p saasus-emulator -p saasus-codegen
cargo clippy --all-targets --quiet -- -D warnings
cargo test
