#!/usr/bin/env python3
"""One version and one repository URL for every package, set in the workspace's Cargo.toml.

    python3 tools/version.py               print the version
    python3 tools/version.py check         exit 1 naming each package that disagrees (tests/generated.sh)
    python3 tools/version.py set X.Y.Z     write X.Y.Z into Cargo.toml, and it and Cargo.toml's repository
                                           URL into every package below

Every link into the repository — the package READMEs' (PyPI's and npm's pages), pyproject's
[project.urls], the pom's url, developers and scm, docs/swift.md's `.package(url:)` — starts with
Cargo.toml's repository: `set` rewrites the previous one everywhere, `check` names any other.

The crates inherit Cargo.toml's version; Python's wheel takes it through maturin (pyproject's
`dynamic = ["version"]`); npm's package.json, its platform packages (node/npm/*) and the
optionalDependencies naming them, and Kotlin's pom.xml carry a copy, written here. Swift has none:
SwiftPM versions a package by its git tag, `v<version>` (the release workflow's trigger).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

SEMVER = re.compile(r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$")


def workspace(root: Path) -> tuple[str, str]:
    """Cargo.toml's [workspace.package] version and repository."""
    text = (root / "Cargo.toml").read_text()
    section = text.split("[workspace.package]", 1)[1].split("\n[", 1)[0]
    get = lambda key: re.search(rf'^{key}\s*=\s*"([^"]*)"', section, re.M).group(1)  # noqa: E731
    return get("version"), get("repository")


def npm_packages(root: Path) -> list[Path]:
    return [root / "node/package.json"] + sorted((root / "node/npm").glob("*/package.json"))


def found(root: Path) -> list[tuple[str, str, str]]:
    """(file, what, value) for every copy of the version and the repository URL."""
    out = []
    for path in npm_packages(root):
        pkg = json.loads(path.read_text())
        rel = str(path.relative_to(root))
        out.append((rel, "version", pkg.get("version", "")))
        out.append((rel, "repository", (pkg.get("repository") or {}).get("url", "")))
        for dep, version in (pkg.get("optionalDependencies") or {}).items():
            out.append((rel, f"optionalDependencies.{dep}", version))
    pom = (root / "kotlin/pom.xml").read_text()
    out.append(("kotlin/pom.xml", "version", re.search(r"<artifactId>saasus</artifactId>\s*<version>([^<]*)</version>", pom).group(1)))
    out.append(("kotlin/pom.xml", "repository", re.search(r"<url>([^<]*)</url>", pom).group(1) if "<url>" in pom else ""))
    pyproject = (root / "python/pyproject.toml").read_text()
    dynamic = re.search(r'^dynamic\s*=\s*\[[^\]]*"version"', pyproject, re.M)
    out.append(("python/pyproject.toml", "version", "(from Cargo.toml)" if dynamic else "(not dynamic)"))
    repo = re.search(r'^Repository\s*=\s*"([^"]*)"', pyproject, re.M)
    out.append(("python/pyproject.toml", "repository", repo.group(1) if repo else ""))
    swift = re.search(r'\.package\(url: "([^"]*)"', (root / "docs/swift.md").read_text())
    out.append(("docs/swift.md", "repository", swift.group(1) if swift else ""))
    return out


# The files that link into the repository, and the links in them that are not ours.
LINKING = ["python/README.md", "node/README.md", "python/pyproject.toml", "kotlin/pom.xml", "docs/swift.md"]
EXTERNAL = ("https://saasus.io", "https://api.saasus.io", "https://auth.example.com", "https://www.apache.org/licenses/",
            "http://maven.apache.org/POM/", "https://maven.apache.org/xsd/", "http://www.w3.org/")
URL = re.compile(r"https?://[^\s\"'<>()\]`]+")


def stray_links(root: Path, repository: str) -> list[str]:
    """Each link in LINKING that is neither the repository's nor a known external page."""
    wrong = []
    for rel in LINKING:
        for url in URL.findall((root / rel).read_text()):
            if not url.startswith(repository) and not url.startswith(EXTERNAL) and "localhost" not in url and "127.0.0.1" not in url:
                wrong.append(f"{rel}: links {url}, not under Cargo.toml's repository {repository}")
    return wrong


def check(root: Path) -> list[str]:
    version, repository = workspace(root)
    wrong = stray_links(root, repository)
    for file, what, value in found(root):
        want = repository if what == "repository" else "(from Cargo.toml)" if file.endswith(".toml") else version
        if value != want:
            wrong.append(f"{file}: {what} is {value!r}, Cargo.toml says {want!r}")
    return wrong


def set_version(root: Path, version: str) -> None:
    if not SEMVER.match(version):
        sys.exit(f"version: {version!r} is not a semantic version (X.Y.Z)")
    cargo = root / "Cargo.toml"
    text = cargo.read_text()
    head, rest = text.split("[workspace.package]", 1)
    rest = re.sub(r'^version\s*=\s*"[^"]*"', f'version = "{version}"', rest, count=1, flags=re.M)
    cargo.write_text(head + "[workspace.package]" + rest)
    repository = workspace(root)[1]
    for path in npm_packages(root):
        pkg = json.loads(path.read_text())
        pkg["version"] = version
        pkg["repository"] = {"type": "git", "url": repository}
        for dep in pkg.get("optionalDependencies") or {}:
            pkg["optionalDependencies"][dep] = version
        path.write_text(json.dumps(pkg, indent=2, ensure_ascii=False) + "\n")
    pom = root / "kotlin/pom.xml"
    # The repository before this change, as the pom's first url names it: replaced in every file.
    previous = re.search(r"<url>([^<]*)</url>", pom.read_text()).group(1).rstrip("/")
    text = re.sub(r"(<artifactId>saasus</artifactId>\s*<version>)[^<]*(</version>)", rf"\g<1>{version}\g<2>", pom.read_text(), count=1)
    pom.write_text(text)
    if previous != repository:
        for rel in LINKING:
            path = root / rel
            path.write_text(path.read_text().replace(previous, repository))
    pyproject = root / "python/pyproject.toml"
    text = pyproject.read_text()
    if re.search(r"^Repository\s*=", text, re.M):
        text = re.sub(r'^Repository\s*=\s*"[^"]*"', f'Repository = "{repository}"', text, count=1, flags=re.M)
    else:
        text = text.replace("\n[project.optional-dependencies]", f'\n[project.urls]\nRepository = "{repository}"\n\n[project.optional-dependencies]', 1)
    pyproject.write_text(text)
    swift = root / "docs/swift.md"
    swift.write_text(re.sub(r'(\.package\(url: ")[^"]*(")', rf"\g<1>{repository}\g<2>", swift.read_text(), count=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", nargs="?", choices=["check", "set"])
    parser.add_argument("version", nargs="?")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    args = parser.parse_args()
    if args.command is None:
        print(workspace(args.root)[0])
    elif args.command == "check":
        wrong = check(args.root)
        for line in wrong:
            print(line, file=sys.stderr)
        if wrong:
            sys.exit("the versions disagree: run python3 tools/version.py set X.Y.Z")
        print(f"every package is version {workspace(args.root)[0]}")
    else:
        if not args.version:
            parser.error("set needs a version")
        set_version(args.root, args.version)
        wrong = check(args.root)
        if wrong:
            sys.exit("\n".join(wrong))
        print(f"set version {args.version}")


if __name__ == "__main__":
    main()
