#!/usr/bin/env bash
# Generates the Kotlin and Swift sources of the uniffi binding from the built library, into
# kotlin/src/main/kotlin and swift/Sources; with --check, fails when the committed ones differ.
# Only generated files are touched: hand-written ones (swift/Sources/Saasus/JSONValue.swift) stay.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet -p saasus-uniffi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo run --quiet -p saasus-uniffi --bin uniffi-bindgen -- generate --library target/debug/libsaasus_uniffi.so \
  -l kotlin -l swift --no-format -o "$out/raw"

# Lay the output out as the repository does: generated path (under $out/tree) = committed path.
tree="$out/tree"
mkdir -p "$tree/kotlin/src/main/kotlin" "$tree/swift/Sources/Saasus" "$tree/swift/Sources/SaasusFFI/include"
mv "$out/raw/io" "$tree/kotlin/src/main/kotlin/"
# JNA attaches a native thread to the JVM for each callback and, by default, detaches it again
# afterwards: for every Rust future that wakes on a tokio thread, an attach and a detach, which
# made each Kotlin call several times dearer than the Rust core's (bench/run.py). Keeping the
# tokio threads attached (as daemons) makes the continuation callback cheap.
kt="$tree/kotlin/src/main/kotlin/io/saasus/saasus_uniffi.kt"
python3 - "$kt" <<'PY'
import sys
path = sys.argv[1]
src = open(path).read()
head = "internal object uniffiRustFutureContinuationCallbackImpl: UniffiRustFutureContinuationCallback {\n"
assert src.count(head) == 1, "uniffi's continuation callback object not found: update tests/uniffi-generate.sh"
init = ("    init {\n"
        "        // Added by tests/uniffi-generate.sh: tokio threads stay attached to the JVM between callbacks.\n"
        "        com.sun.jna.Native.setCallbackThreadInitializer(this, com.sun.jna.CallbackThreadInitializer(true, false, \"saasus-tokio\"))\n"
        "    }\n")
open(path, "w").write(src.replace(head, head + init))
PY
mv "$out/raw"/*.swift "$tree/swift/Sources/Saasus/"
mv "$out/raw"/*.h "$out/raw"/*.modulemap "$tree/swift/Sources/SaasusFFI/include/"
generated=$(cd "$tree" && find . -type f | sed 's|^\./||' | sort)

if [ "${1:-}" = "--check" ]; then
  stale=0
  for f in $generated; do
    if ! cmp -s "$tree/$f" "$f"; then
      echo "stale: $f" >&2
      diff "$tree/$f" "$f" 2>&1 | head -10 >&2 || true
      stale=1
    fi
  done
  if [ "$stale" -ne 0 ]; then
    echo "the generated Kotlin/Swift sources are stale: run bash tests/uniffi-generate.sh" >&2
    exit 1
  fi
  echo "generated Kotlin and Swift sources are fresh ($(echo "$generated" | wc -l) files)"
else
  for f in $generated; do
    mkdir -p "$(dirname "$f")"
    cp "$tree/$f" "$f"
  done
  echo "wrote:"
  echo "$generated" | sed 's/^/  /'
fi
