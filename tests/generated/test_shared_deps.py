"""The wheel's module, the Node addon and the uniffi library resolve their shared dependencies with
the same features (bindings/shared-deps): what lets them, built by three tools for one target,
share one tree of compiled crates (with crate-type cdylib and lib in each, so that cargo's LTO
settings agree too). A
dependency update that breaks this is named here with the features each binding wants: add them
to bindings/shared-deps/Cargo.toml."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BINDINGS = ["saasus-python", "saasus-node", "saasus-uniffi"]


def features(package: str) -> dict[str, str]:
    out = subprocess.run(
        # The target's side: normal dependencies, not the proc-macros' (built for the host).
        ["cargo", "tree", "-q", "-p", package, "-e", "normal,no-proc-macro", "--target", "x86_64-unknown-linux-gnu",
         "--prefix", "none", "-f", "{p}|{f}"],
        cwd=ROOT, capture_output=True, text=True, check=True).stdout
    found = {}
    for line in out.splitlines():
        name, _, feats = line.replace(" (*)", "").replace(" (proc-macro)", "").partition("|")
        found[name] = feats
    return found


def test_shared_dependencies_have_the_same_features_in_both_bindings():
    trees = {b: features(b) for b in BINDINGS}
    common = set.intersection(*(set(t) for t in trees.values()))
    # The core and what is built on it differ by design: its node/uniffi feature.
    ours = {p for p in common if "(" + str(ROOT) in p}
    differ = {p: {b: trees[b][p] for b in BINDINGS} for p in sorted(common - ours) if len({trees[b][p] for b in BINDINGS}) > 1}
    assert not differ, "\n".join(f"{p}: {v}" for p, v in differ.items())
