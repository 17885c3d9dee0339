#!/usr/bin/env bash
# Builds swift/SaasusFFI.xcframework, the Rust library for Apple platforms that Package.swift
# declares as the binary target `SaasusFFI` there (iOS devices, the iOS simulator, macOS; arm64
# and x86_64). Needs macOS with Xcode and rustup.
# NOT VERIFIED: our CI has no macOS; these are uniffi's standard steps, kept here so that they are
# one command and reviewed with the code.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(uname)" != Darwin ]; then
  echo "build-xcframework.sh: needs macOS with Xcode (xcodebuild, lipo)" >&2
  exit 1
fi
targets=(aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios aarch64-apple-darwin x86_64-apple-darwin)
rustup target add "${targets[@]}"
# The crate's crate-type is cdylib+lib (what the JVM loads); Apple platforms link a static library.
# iOS slices leave the emulator out (no SQLite or server in an app: --no-default-features; its
# LocalEmulator then fails to start, saying so); macOS keeps it for the tests of `swift test`.
for t in "${targets[@]}"; do
  features=()
  case "$t" in *-ios | *-ios-sim) features=(--no-default-features) ;; esac
  cargo rustc --release -p saasus-uniffi --lib --crate-type staticlib --target "$t" ${features[@]+"${features[@]}"}  # bash 3.2 (macOS): an empty array is unset
done
build=target/xcframework
rm -rf "$build" swift/SaasusFFI.xcframework
mkdir -p "$build/ios-sim" "$build/macos" "$build/headers"
lipo -create target/aarch64-apple-ios-sim/release/libsaasus_uniffi.a target/x86_64-apple-ios/release/libsaasus_uniffi.a \
  -output "$build/ios-sim/libsaasus_uniffi.a"
lipo -create target/aarch64-apple-darwin/release/libsaasus_uniffi.a target/x86_64-apple-darwin/release/libsaasus_uniffi.a \
  -output "$build/macos/libsaasus_uniffi.a"
# One module map for both C modules, as Xcode expects in a framework's Headers.
cp swift/Sources/SaasusFFI/include/*.h "$build/headers/"
cat swift/Sources/SaasusFFI/include/*.modulemap >"$build/headers/module.modulemap"
xcodebuild -create-xcframework \
  -library target/aarch64-apple-ios/release/libsaasus_uniffi.a -headers "$build/headers" \
  -library "$build/ios-sim/libsaasus_uniffi.a" -headers "$build/headers" \
  -library "$build/macos/libsaasus_uniffi.a" -headers "$build/headers" \
  -output swift/SaasusFFI.xcframework
echo "built swift/SaasusFFI.xcframework"
