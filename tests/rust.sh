#!/usr/bin/env bash
# The Rust suites: formatting, clippy (the pure crates together, each binding on its own so
# that their features stay apart), then the core's and the emulator's tests.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all --check
cargo clippy --all-targets --quiet -- -D warnings
for binding in saasus-python saasus-node saasus-uniffi; do
  cargo clippy -p "$binding" --quiet -- -D warnings
done
cargo test
# The device guard, compiled for the host (iOS and Android cannot be built here).
cargo test -p saasus --features simulate-device --test device_guard
