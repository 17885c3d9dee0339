#!/usr/bin/env bash
# The Kotlin suite: the uniffi library and the emulator are built (the generated Kotlin/Swift
# sources' freshness is the `generated` suite's), then Maven runs the JUnit tests against
# emulators they start. The JUnit suite checks, from the library's own table, each API, tag and
# operation in both the Kotlin and the Swift sources (TenantTest), that docs/kotlin.md shows the
# code it runs, and calls every operation through the typed surface
# (tests/fixtures/every_operation.json).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v mvn >/dev/null || ! command -v javac >/dev/null; then
  apt-get update -qq && apt-get install -y -qq maven openjdk-17-jdk-headless >/dev/null
fi
# Two builds, not one: built together, core's `uniffi` feature would be unified into the
# emulator, whose binary would then flip between two builds from one suite to the next.
cargo build --quiet -p saasus-emulator
cargo build --quiet -p saasus-uniffi
# The generated Swift maps JsonObject to [String: JSONValue]; JSONValue is hand-written.
grep -q 'typealias JsonObject = \[String: JSONValue\]' swift/Sources/Saasus/SaasusModels.swift
grep -q '^public enum JSONValue: Hashable, Sendable' swift/Sources/Saasus/JSONValue.swift
cd kotlin
mvn -B -ntp test
