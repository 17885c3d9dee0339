#!/usr/bin/env bash
# Runs saasus-codegen (the second stage of tools/generate.py) with the arguments given.
# Built by `cargo build --bins --examples`, not `cargo run -p saasus-codegen`: the examples bring in
# the dev-dependencies, so the dependencies' features resolve as they do for `cargo test`, and the
# debug core and dependencies built here are the very ones the rust suite's tests use. `-p` alone
# resolved them for the codegen only: a second build of the core and of jsonwebtoken, reqwest,
# serde and what sits on them.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --bins --examples
exec "${CARGO_TARGET_DIR:-target}/debug/saasus-codegen" "$@"
