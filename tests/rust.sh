#!/usr/bin/env bash
# The Rust suites: formatting, clippy (the pure crates, then the three bindings together: the core
# checked once with every binding's derives, not once per binding), then the core's and the
# emulator's tests.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all --check
cargo clippy --all-targets --quiet -- -D warnings
cargo clippy -p saasus-python -p saasus-node -p saasus-uniffi --quiet -- -D warnings
cargo test
