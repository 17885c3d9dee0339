#!/usr/bin/env bash
# The third stage of tools/generate.py: the Kotlin and Swift sources of the uniffi binding, from
# the built library, into kotlin/src/main/kotlin and swift/Sources; with --check, fails naming
# each committed file that differs.
# Only generated files are touched: hand-written ones (swift/Sources/Saasus/JSONValue.swift) stay.
set -euo pipefail
cd "$(dirname "$0")/.."
# The release build: the one the Kotlin and Swift suites and the jar use, so it is built once.
lib=$(bash tools/package.sh uniffi-lib)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo run --quiet -p saasus-uniffi-bindgen -- generate --library "$lib" \
  -l kotlin -l swift --no-format -o "$out/raw"

# Lay the output out as the repository does: generated path (under $out/tree) = committed path.
tree="$out/tree"
mkdir -p "$tree/kotlin/src/main/kotlin" "$tree/swift/Sources/Saasus" "$tree/swift/Sources/SaasusFFI/include"
mv "$out/raw/io" "$tree/kotlin/src/main/kotlin/"
# Two edits to uniffi's generated Kotlin, for costs bench/run.py showed; each asserts the text it
# edits, so that a uniffi upgrade which changes it fails here, loudly.
# 1. JNA attaches a native thread to the JVM for each callback and, by default, detaches it
#    again afterwards: an attach and a detach for every Rust future that wakes on a tokio thread.
#    The tokio threads stay attached (as daemons) instead.
# 2. Every FFI call allocated a JNA Structure for its call status, and with it two JNA `Memory`
#    blocks, each registered in JNA's global map and with its Cleaner until a GC: about a third of
#    a Kotlin call's CPU with 64 calls in flight (JFR). A thread keeps the status of its last call
#    that succeeded and uses it again; a status that carried an error is never reused.
# And one edit for cancellation. uniffi's uniffiRustCallAsync frees the Rust future in `finally`
# when a coroutine is cancelled while it waits (which aborts the call: runtime.rs), but it polls
# the future once even in a coroutine cancelled already — suspendCancellableCoroutine runs its
# block before it throws — and that first poll starts the request (29 of 50 such calls reached
# the emulator: CancellationTest). 3. The call checks its coroutine first: one cancelled already
# frees the future unpolled and throws CancellationException, as kotlinx's own suspending calls do.
python3 - "$tree/kotlin/src/main/kotlin/io/saasus/saasus_uniffi.kt" "$tree/kotlin/src/main/kotlin/io/saasus/models/saasus.kt" <<'PY'
import sys

def edit(src: str, old: str, new: str) -> str:
    assert src.count(old) == 1, f"uniffi's generated Kotlin changed, not found: {old.splitlines()[0]!r}: update tools/uniffi.sh"
    return src.replace(old, new)

status_old = """    var status = UniffiRustCallStatus()
    val return_value = callback(status)
    uniffiCheckCallStatus(errorHandler, status)
    return return_value
}
"""
status_new = """    val status = uniffiTakeCallStatus()
    val return_value = callback(status)
    uniffiCheckCallStatus(errorHandler, status)
    uniffiKeepCallStatus(status)
    return return_value
}

// Added by tools/uniffi.sh: the calling thread's spare call status (see there).
private val uniffiSpareCallStatus = ThreadLocal<UniffiRustCallStatus?>()

private fun uniffiTakeCallStatus(): UniffiRustCallStatus {
    val spare = uniffiSpareCallStatus.get() ?: return UniffiRustCallStatus()
    uniffiSpareCallStatus.set(null)
    return spare
}

private fun uniffiKeepCallStatus(status: UniffiRustCallStatus) {
    // Success: the code is 0 again and Rust left the error buffer empty, as for a new status.
    if (status.code == UNIFFI_CALL_SUCCESS) uniffiSpareCallStatus.set(status)
}
"""
for path in sys.argv[1:]:
    src = open(path).read()
    src = edit(src, status_old, status_new)
    if path.endswith("saasus_uniffi.kt"):
        head = "internal object uniffiRustFutureContinuationCallbackImpl: UniffiRustFutureContinuationCallback {\n"
        src = edit(src, head, head + (
            "    init {\n"
            "        // Added by tools/uniffi.sh: tokio threads stay attached to the JVM between callbacks.\n"
            "        com.sun.jna.Native.setCallbackThreadInitializer(this, com.sun.jna.CallbackThreadInitializer(true, false, \"saasus-io\"))\n"
            "    }\n"))
        src = edit(src, "import kotlinx.coroutines.suspendCancellableCoroutine\n",
                   "import kotlinx.coroutines.suspendCancellableCoroutine\nimport kotlinx.coroutines.ensureActive\n")
        src = edit(src, """): T {
    try {
        do {
            val pollResult = suspendCancellableCoroutine<Byte> { continuation ->
""", """): T {
    try {
        // Added by tools/uniffi.sh: a cancelled coroutine never polls the future (see there).
        kotlin.coroutines.coroutineContext.ensureActive()
        do {
            val pollResult = suspendCancellableCoroutine<Byte> { continuation ->
""")
    open(path, "w").write(src)
PY
mv "$out/raw"/*.swift "$tree/swift/Sources/Saasus/"
# Two edits to uniffi's generated Swift, which ignores a Task's cancellation (the call ran to its
# end; a cancelled status would have been a fatalError):
# 1. The wait for the Rust future is under withTaskCancellationHandler, whose handler cancels the
#    future: the wait ends at once, and freeing the future drops it — and with it the request
#    (bindings/uniffi/src/runtime.rs aborts the call's task when it is dropped).
# 2. A call that ends cancelled throws CancellationError, as Swift's own async APIs do.
python3 - "$tree/swift/Sources/Saasus/Saasus.swift" "$tree/swift/Sources/Saasus/SaasusModels.swift" <<'PY'
import re
import sys

def edit(src: str, old: str, new: str) -> str:
    assert src.count(old) == 1, f"uniffi's generated Swift changed, not found: {old.splitlines()[0]!r}: update tools/uniffi.sh"
    return src.replace(old, new)

for path in sys.argv[1:]:
    src = open(path).read()
    src = edit(src, 'fatalError("Cancellation not supported yet")', "throw CancellationError()")
    if path.endswith("/Saasus.swift"):
        src = edit(src, "    completeFunc: (UInt64, UnsafeMutablePointer<RustCallStatus>) -> F,\n",
                   "    completeFunc: (UInt64, UnsafeMutablePointer<RustCallStatus>) -> F,\n    cancelFunc: @escaping (UInt64) -> (),\n")
        src = edit(src, """        pollResult = await withUnsafeContinuation {
            pollFunc(
                rustFuture,
                { handle, pollResult in
                    uniffiFutureContinuationCallback(handle: handle, pollResult: pollResult)
                },
                uniffiContinuationHandleMap.insert(obj: $0)
            )
        }
""", """        // Added by tools/uniffi.sh: a cancelled Task cancels the future (see there).
        pollResult = await withTaskCancellationHandler {
            await withUnsafeContinuation {
                pollFunc(
                    rustFuture,
                    { handle, pollResult in
                        uniffiFutureContinuationCallback(handle: handle, pollResult: pollResult)
                    },
                    uniffiContinuationHandleMap.insert(obj: $0)
                )
            }
        } onCancel: {
            cancelFunc(rustFuture)
        }
""")
        src, calls = re.subn(r"(\n(\s*)freeFunc: ffi_saasus_uniffi_rust_future_free_(\w+),)",
                             r"\n\2cancelFunc: ffi_saasus_uniffi_rust_future_cancel_\3,\1", src)
        assert calls > 200, f"uniffi's generated Swift changed: {calls} async calls found: update tools/uniffi.sh"
    open(path, "w").write(src)
PY
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
    echo "the generated Kotlin/Swift sources are stale: run python3 tools/generate.py" >&2
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
