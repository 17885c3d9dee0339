#!/usr/bin/env bash
# Generates the Kotlin and Swift sources of the uniffi binding from the built library, into
# kotlin/src/main/kotlin and swift/Sources; with --check, fails when the committed ones differ.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet -p saasus-uniffi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo run --quiet -p saasus-uniffi --bin uniffi-bindgen -- generate --library target/debug/libsaasus_uniffi.so \
  -l kotlin -l swift --no-format -o "$out"
mkdir -p "$out/kotlin/io" "$out/swift/Sources/Saasus" "$out/swift/Sources/SaasusFFI/include"
mv "$out/io/saasus" "$out/kotlin/io/"
mv "$out"/*.swift "$out/swift/Sources/Saasus/"
mv "$out"/*.h "$out"/*.modulemap "$out/swift/Sources/SaasusFFI/include/"
if [ "${1:-}" = "--check" ]; then
  diff -r "$out/kotlin/io" kotlin/src/main/kotlin/io >/dev/null && diff -r "$out/swift/Sources" swift/Sources >/dev/null || {
    echo "the generated Kotlin/Swift sources are stale: run bash tests/uniffi-generate.sh" >&2
    diff -r "$out/kotlin/io" kotlin/src/main/kotlin/io | head -20 >&2 || true
    exit 1
  }
  echo "generated Kotlin and Swift sources are fresh"
else
  rm -rf kotlin/src/main/kotlin/io swift/Sources
  mkdir -p kotlin/src/main/kotlin
  cp -r "$out/kotlin/io" kotlin/src/main/kotlin/
  mkdir -p swift && cp -r "$out/swift/Sources" swift/
  echo "wrote kotlin/src/main/kotlin/io and swift/Sources"
fi
