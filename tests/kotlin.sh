#!/usr/bin/env bash
# The Kotlin suite: the uniffi library (release, carried in the jar) and the emulator are built
# (the generated Kotlin/Swift sources' freshness is the `generated` suite's), then Maven runs the
# JUnit tests against emulators they start (the library's own) and installs the jar; a user's project then runs with
# only that jar. The JUnit suite checks, from the library's own table, each API, tag and
# operation in both the Kotlin and the Swift sources (TenantTest), that docs/kotlin.md shows the
# code it runs, and calls every operation through the typed surface
# (tests/fixtures/every_operation.json).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v mvn >/dev/null || ! command -v javac >/dev/null; then
  apt-get update -qq && apt-get install -y -qq maven openjdk-17-jdk-headless >/dev/null
fi
# The release library the jar carries (the tests' emulator included), laid in the jar's resources
# (kotlin/native/linux-x86-64/), which tools/uniffi.sh built in the generated suite.
bash tools/package.sh jar-native
# The generated Swift maps JsonObject to [String: JSONValue]; JSONValue is hand-written.
grep -q 'typealias JsonObject = \[String: JSONValue\]' swift/Sources/Saasus/SaasusModels.swift
grep -q '^public enum JSONValue: Hashable, Sendable' swift/Sources/Saasus/JSONValue.swift
# The tests, then the jar into the local Maven repository (~/.m2), as a user's `mvn install` would.
# AppSessionTest starts the app's backend (Node, over this project's Express helper).
SAASUS_APP_BACKEND=$(bash tests/app-backend/prepare.sh)
export SAASUS_APP_BACKEND
mvn_log=$(mktemp)
(cd kotlin && mvn -B -ntp install) 2>&1 | tee "$mvn_log"
# JUnit drops a test whose function returns a value (an expression body ending in assertThrows)
# with a warning only: such a test would pass by never running.
if grep -q "It will not be executed" "$mvn_log"; then
  echo "kotlin: a test JUnit will not execute (it returns a value): $(grep -o "io.saasus.[A-Za-z.]*()" "$mvn_log" | sort -u | tr '\n' ' ')" >&2
  exit 1
fi
# Read whole first: `grep -q` quitting early would break the pipe under pipefail.
# The jar by its version's name: the release suite's sources and javadoc jars may lie beside it.
entries=$(jar tf "kotlin/target/saasus-$(python3 tools/version.py).jar")
grep -qx 'linux-x86-64/libsaasus_uniffi.so' <<<"$entries"

# A user's project that declares only io.saasus:saasus: no -Djna.library.path, no checkout
# paths, no cargo on the path; its JUnit test uses the extension and the jar's own emulator.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -r tests/packages/kotlin/. "$scratch/"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
(cd "$scratch" && env -i HOME="$HOME" PATH=/usr/bin:/bin JAVA_HOME="${JAVA_HOME:-}" mvn -B -ntp -Dsaasus.version="$version" test)
