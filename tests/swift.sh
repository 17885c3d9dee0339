#!/usr/bin/env bash
# The Swift suite: the package at the repository root (Package.swift) compiled with Swift 6 and
# its XCTest tests (swift/Tests/SaasusTests) run against emulators they start. Bookworm has no
# Swift compiler, so both run in the trixie root of tests/swift-env.sh, made when missing and
# reused when present; a machine where it cannot be made fails this suite, saying why. Then a
# user's package that depends on this repository by URL runs docs/swift.md's quick start.
set -euo pipefail
cd "$(dirname "$0")/.."
# The emulator binary the consumer package's quick start runs against (the Rust suite's debug
# build) and the library the package links on Linux: the release build the jar carries
# (tools/uniffi.sh made it in the generated suite), linked for glibc 2.17, through
# SAASUS_UNIFFI_LIB_DIR (tests/swift-env.sh passes it in).
bash tests/debug-emulator.sh >/dev/null
lib=$(bash tools/package.sh uniffi-lib)
SAASUS_UNIFFI_LIB_DIR=$PWD/$(dirname "$lib")
export SAASUS_UNIFFI_LIB_DIR
bash tests/swift-env.sh >/dev/null
swift_version=$(bash tests/swift-env.sh swift --version 2>&1)
echo "${swift_version%%$'\n'*}"
start=$SECONDS
bash tests/swift-env.sh swift build --build-tests
echo "swift build: $((SECONDS - start)) s"
# AppSessionTest starts the app's backend (Node, over this project's Express helper; node and curl
# are in the Swift environment's package list).
SAASUS_APP_BACKEND=$(bash tests/app-backend/prepare.sh)
export SAASUS_APP_BACKEND
bash tests/swift-env.sh swift test --skip-build

# A release's Package.swift, pinned by tools/swift_release.py on a fake release: the checksum is
# SwiftPM's own, and SwiftPM reads the manifest (its Apple target is type-checked here too).
fake=target/swift-release
rm -rf "$fake"
mkdir -p "$fake"
cp Package.swift "$fake/"
head -c 4096 /dev/urandom >"$fake/SaasusFFI.xcframework.zip"
python3 tools/swift_release.py https://example.invalid/releases/download/v9.8.7/SaasusFFI.xcframework.zip \
  "$fake/SaasusFFI.xcframework.zip" --package "$fake/Package.swift"
checksum=$(bash tests/swift-env.sh swift package compute-checksum "$fake/SaasusFFI.xcframework.zip")
grep -qF "(url: \"https://example.invalid/releases/download/v9.8.7/SaasusFFI.xcframework.zip\", checksum: \"$checksum\")" "$fake/Package.swift"
bash tests/swift-env.sh swift package dump-package --package-path "$fake" >/dev/null
echo "release: Package.swift pins a release's XCFramework by SwiftPM's checksum, and still resolves"

# A user's package, as docs/swift.md's Install section writes it: it depends on this repository by
# `.package(url:)` (at the commit checked out here: SwiftPM clones it) and runs the quick start of
# the page against an emulator. It lives under target/ because the Swift environment sees only
# this checkout.
consumer=target/swift-consumer
rm -rf "$consumer"
mkdir -p "$consumer/Sources/QuickStart"
identity=$(basename "$PWD" | tr '[:upper:]' '[:lower:]')
cat >"$consumer/Package.swift" <<SWIFT
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "QuickStart",
    platforms: [.macOS(.v12)],
    dependencies: [.package(url: "file://$PWD", revision: "$(git rev-parse HEAD)")],
    targets: [.executableTarget(name: "QuickStart", dependencies: [.product(name: "Saasus", package: "$identity")])]
)
SWIFT
cp swift/Tests/SaasusTests/Docs/QuickStart.swift "$consumer/Sources/QuickStart/"
echo 'for line in try await quickStart() { print(line) }' >"$consumer/Sources/QuickStart/main.swift"
start=$SECONDS
bash tests/swift-env.sh swift build --package-path "$consumer" 2>&1 | tail -n 3
echo "consumer package build: $((SECONDS - start)) s"

# SaaSus API v1.13.8 renamed SearchTenantUsers' role_id to role_name: a user's code still writing
# `roleId:` must fail to compile with the message naming roleName (the generated Renamed.swift).
echo 'import Saasus
func oldSearch() -> SearchTenantUsersQuery { SearchTenantUsersQuery(roleId: "admin") }' >"$consumer/Sources/QuickStart/OldSearch.swift"
if old=$(bash tests/swift-env.sh swift build --package-path "$consumer" 2>&1); then
  echo "a consumer still passing roleId: compiled; it must not" >&2
  exit 1
fi
rule="roleId was renamed roleName in SaaSus API v1.13.8 (it filters by a role's name); pass roleName instead"
if ! grep -qF "$rule" <<<"$old"; then
  echo "a consumer still passing roleId failed to compile without naming roleName:"$'\n'"$old" >&2
  exit 1
fi
rm "$consumer/Sources/QuickStart/OldSearch.swift"
bash tests/swift-env.sh swift build --package-path "$consumer" 2>&1 | tail -n 1
echo "consumer package: roleId is a compile error naming roleName"

emulator_out=$(mktemp)
target/debug/saasus-emulator --port 0 --quiet >"$emulator_out" &
emulator=$!
trap 'kill $emulator 2>/dev/null; rm -f "$emulator_out"' EXIT
for _ in $(seq 100); do [ "$(grep -c '^SAASUS_' "$emulator_out")" -ge 4 ] && break; sleep 0.1; done
got=$(env $(grep '^SAASUS_' "$emulator_out") bash tests/swift-env.sh "$consumer/.build/debug/QuickStart")
want=$'Acme: 5 seats\n404 not_found, trace id: true\ncoded: Beta\n200: 3 envs, trace quick-start, 1 attempt'
if [ "$got" != "$want" ]; then
  echo "the consumer package's quick start printed:"$'\n'"$got"$'\n'"expected:"$'\n'"$want" >&2
  exit 1
fi
echo "consumer package: the quick start of docs/swift.md ran as written"
