#!/usr/bin/env bash
# The Swift suite: the package at the repository root (Package.swift) compiled with Swift 6 and
# its XCTest tests (swift/Tests/SaasusTests) run against emulators they start. Bookworm has no
# Swift compiler, so both run in the trixie root of tests/swift-env.sh, made when missing and
# reused when present; a machine where it cannot be made fails this suite, saying why.
set -euo pipefail
cd "$(dirname "$0")/.."
# The emulator the tests start (debug, as the other languages' suites use) and the library the
# package links on Linux (release: Package.swift's -L and rpath point at target/release).
# Two builds, not one: built together, core's `uniffi` feature would be unified into the emulator.
cargo build --quiet -p saasus-emulator
cargo build --quiet --release -p saasus-uniffi --lib   # not the uniffi-bindgen binary, which only generating needs
bash tests/swift-env.sh >/dev/null
bash tests/swift-env.sh swift --version 2>&1 | head -n 1
start=$SECONDS
bash tests/swift-env.sh swift build --build-tests
echo "swift build: $((SECONDS - start)) s"
bash tests/swift-env.sh swift test --skip-build
