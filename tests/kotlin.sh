#!/usr/bin/env bash
# The Kotlin and Swift suite: the uniffi library and the emulator are built (the generated
# Kotlin/Swift sources' freshness is the `generated` suite's), the Swift sources checked to
# declare every operation (no Swift compiler here), then Maven runs the JUnit tests against emulators they start; the
# JUnit suite checks, from the library's own table, each operation on its tag's class in both
# the Kotlin and the Swift sources, that docs/kotlin.md shows the quick start it runs, and calls
# every operation through the typed surface (tests/fixtures/every_operation.json).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v mvn >/dev/null || ! command -v javac >/dev/null; then
  apt-get update -qq && apt-get install -y -qq maven openjdk-17-jdk-headless >/dev/null
fi
# Two builds, not one: built together, core's `uniffi` feature would be unified into the
# emulator, whose binary would then flip between two builds from one suite to the next.
cargo build --quiet -p saasus-emulator
cargo build --quiet -p saasus-uniffi
# Every operation of every API's table (auth's, then each other API's) is declared in Swift.
tables=(core/src/operation_table.rs core/src/apis/*/operations.rs)
missing=0
for name in $(grep -ohP '^\s+[A-Z]\w+ \K[a-z_0-9]+(?= (Get|Post|Put|Patch|Delete) ")' "${tables[@]}"); do
  camel=$(echo "$name" | sed -E 's/_([a-z0-9])/\U\1/g')
  if ! grep -q "func ${camel}(" swift/Sources/Saasus/Saasus.swift; then
    echo "Swift lacks ${camel}" >&2
    missing=$((missing + 1))
  fi
done
count=$(cat "${tables[@]}" | grep -cP '^\s+[A-Z]\w+ [a-z_0-9]+ (Get|Post|Put|Patch|Delete) "')
[ "$missing" -eq 0 ] || exit 1
echo "the Swift sources declare all $count operations"
# The generated Swift maps JsonObject to [String: JSONValue]; JSONValue is hand-written.
grep -q 'typealias JsonObject = \[String: JSONValue\]' swift/Sources/Saasus/SaasusModels.swift
grep -q '^public enum JSONValue: Hashable, Sendable' swift/Sources/Saasus/JSONValue.swift
cd kotlin
mvn -B -ntp test
