#!/usr/bin/env bash
# The release suite: what the publishing workflows would upload, checked without uploading, after
# the suites that built it (python, node, kotlin). Every Linux x86-64 native artifact needs at most
# glibc 2.17 (read from its dynamic symbols' versions: what the loader checks); `twine check` of
# the wheel and sdist; `npm publish --dry-run` of both npm tarballs; the jar with the sources and
# javadoc jars Maven Central requires; `cargo publish --dry-run` of the crates on crates.io.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# The newest glibc symbol version FILE needs.
newest_glibc() {
  objdump -T "$1" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/^GLIBC_//' | sort -V | tail -n 1
}
check_glibc() {
  local name=$1 file=$2 newest
  newest=$(newest_glibc "$file")
  if [ "$(printf '%s\n2.17\n' "$newest" | sort -V | tail -n 1)" != 2.17 ]; then
    echo "release: $name needs glibc $newest; it must load with 2.17 (Amazon Linux 2, RHEL 8, Debian 11)" >&2
    exit 1
  fi
  echo "release: $name needs glibc $newest at most"
}
if [ "$(uname -s)-$(uname -m)" = Linux-x86_64 ]; then
  wheel=$(ls target/dist/python/saasus-*.whl)
  python3 -m zipfile -e "$wheel" "$scratch/wheel"
  check_glibc "the wheel's module" "$scratch/wheel/saasus/_native.abi3.so"
  tar -xzf target/dist/node/saasus-linux-x64-gnu-*.tgz -C "$scratch"
  check_glibc "the Node addon" "$scratch/package/saasus.linux-x64-gnu.node"
  jar=kotlin/target/saasus-$(python3 tools/version.py).jar
  (cd "$scratch" && unzip -q -o "$OLDPWD/$jar" 'linux-x86-64/*')
  check_glibc "the jar's libsaasus_uniffi.so (Kotlin; Swift links the same)" "$scratch/linux-x86-64/libsaasus_uniffi.so"
fi

venv=tools/.venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "twine>=6"
"$venv/bin/python" -m twine check --strict target/dist/python/*

for tarball in target/dist/node/*.tgz; do
  npm publish --dry-run --loglevel=error "$tarball" 2>&1 | tail -n 1
done

# The jar Maven Central would take: with its sources and javadoc jars (the release profile), all
# but signed and uploaded.
(cd kotlin && mvn -B -ntp -q -P release -Dgpg.skip -DskipTests verify)
version=$(python3 tools/version.py)
for kind in "" -sources -javadoc; do
  [ -s "kotlin/target/saasus-$version$kind.jar" ] || { echo "release: no kotlin/target/saasus-$version$kind.jar" >&2; exit 1; }
done
python3 - <<'PY'
import re
pom = open("kotlin/pom.xml").read()
missing = [t for t in ("name", "description", "url", "licenses", "developers", "scm") if not re.search(rf"<{t}>", pom)]
assert not missing, f"kotlin/pom.xml lacks what Maven Central requires: {missing}"
PY

# --no-verify: the rust suite builds and tests these very sources; verifying would compile each
# crate and its dependencies once more from the packaged copy.
cargo publish --dry-run --no-verify --allow-dirty --quiet -p saasus -p saasus-emulator -p saasus-cli
echo "release: the wheel, the sdist, both npm tarballs, the jars and the three crates would publish"
