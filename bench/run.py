#!/usr/bin/env python3
"""The benchmark: what each surface costs over the Rust core, and the emulator's capacity.

    python3 bench/run.py                 # build (release), run, print the table
    python3 bench/run.py --json out.json --readme

Builds release artifacts under target/ (the emulator, the Rust driver and load generator, a
Python wheel into target/bench/venv, the Node addon into target/bench/node, the uniffi library
and the Kotlin driver), starts one release emulator, and against it runs each surface's driver
(bench/drivers, bench/kotlin, bench/src/bin) `--rounds` times, interleaved (each binding between
two runs of the Rust core, its baseline), taking the median of each figure. Every driver makes the same `GetTenant` calls: a warm-up of 400 per worker
(64 workers), unmeasured, so that what is measured is a warm process (the JVM's C2 compiler
was still busy after 20,000 calls on 2 cores) — then 2,000 one after another, then 12,800 with
64 in flight; the runner computes calls/s, p50/p99 latency, CPU per call (each driver reports
its process CPU clock around a phase) and the driver process's peak RSS (from wait4) the same
way for all. Also: Python's and Node's cold import/require time and
memory, and the emulator's capacity under the load generator. Not part of the test command:
figures are published, never asserted.

The official SDKs, beside ours in the same run: they are on neither PyPI nor npm, so the runner
takes the path of a copy of each repository (`--official-python DIR`, a checkout of
saasus-platform/saasus-sdk-python; `--official-js DIR`, of saasus-platform/saasus-sdk-javascript;
or SAASUS_BENCH_OFFICIAL_PYTHON / SAASUS_BENCH_OFFICIAL_JS), copies it under target/bench/official
and installs it there with its own dependencies (a venv; `npm install --omit=dev`) — never into the
project. Without a path, their rows are skipped, and it says so.

Standard library only, so it runs with any Python 3.9+.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "target" / "bench"
RELEASE = ROOT / "target" / "release"
VENV = OUT / "venv"
NODE_PKG = OUT / "node"
KOTLIN_OUT = OUT / "kotlin"
OFFICIAL = OUT / "official"
OFFICIAL_PY_VENV = OFFICIAL / "python-venv"
OFFICIAL_JS = OFFICIAL / "js"
SURFACES = ["rust", "rust-from-thread", "rust-blocking", "python-sync", "python-sync-logging", "python-asyncio", "node", "kotlin",
            "official-python", "official-js"]
# Which official SDK each of ours is compared with (calls/s and CPU per call).
VERSUS = {"python-sync": "official-python", "python-asyncio": "official-python", "node": "official-js"}
# The Rust core driven in the shape of each binding, with no binding in between (see
# bench/src/bin/rust-shaped-driver.rs): how far below the plain core that shape alone puts it.
FLOOR = {"python-sync": "rust-blocking", "python-sync-logging": "rust-blocking", "python-asyncio": "rust-from-thread", "node": "rust-from-thread",
         "kotlin": "rust-from-thread"}
README_BEGIN, README_END = "<!-- bench:begin -->", "<!-- bench:end -->"


def log(msg: str) -> None:
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def sh(*cmd, cwd=ROOT, env=None, quiet=False) -> None:
    log(" ".join(str(c) for c in cmd))
    subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, check=True,
                   stdout=subprocess.DEVNULL if quiet else None)


# --- building --------------------------------------------------------------------------------

def copy_tree(src: Path, dst: Path) -> None:
    """A fresh copy of a checkout, without its git data or installed modules."""
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns(".git", "node_modules", "__pycache__", ".venv"))


def build_official(surfaces: list[str], a) -> None:
    if "official-python" in surfaces:
        src = OFFICIAL / "python-src"
        copy_tree(a.official_python, src)
        if not (OFFICIAL_PY_VENV / "bin" / "python").exists():
            sh(sys.executable, "-m", "venv", OFFICIAL_PY_VENV)
        # Its package metadata leaves out pydantic, which every API module imports (its lock file
        # has pydantic 2 only through its development tools): installed beside it, newest 2.x.
        sh(OFFICIAL_PY_VENV / "bin" / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", src,
           "pydantic>=2,<3")
    if "official-js" in surfaces:
        copy_tree(a.official_js, OFFICIAL_JS)
        # Its runtime dependencies only (axios, crypto-js, date-and-time); its dist/ is committed.
        # No scripts: its preinstall runs typesync, a development tool.
        sh("npm", "install", "--omit=dev", "--ignore-scripts", "--no-package-lock", "--no-audit", "--no-fund",
           "--loglevel=error", cwd=OFFICIAL_JS)


def build(surfaces: list[str]) -> None:
    # Built one package at a time: together, core's binding features would be unified into all.
    sh("cargo", "build", "--release", "--quiet", "-p", "saasus-emulator")
    sh("cargo", "build", "--release", "--quiet", "-p", "saasus-bench", "--bins")
    if any(s.startswith("python") for s in surfaces):
        if not (VENV / "bin" / "python").exists():
            sh(sys.executable, "-m", "venv", VENV)
        py = VENV / "bin" / "python"
        sh(py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "maturin>=1.9,<2")
        # What a user's `pip install ./python` builds: a release wheel.
        # maturin, as the build backend, must be on PATH.
        env = {**os.environ, "PATH": f"{VENV / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"}
        sh(py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-build-isolation",
           "--force-reinstall", "--no-deps", ROOT / "python", env=env)
    if "node" in surfaces:
        node_dir = ROOT / "node"
        if not (node_dir / "node_modules" / ".bin" / "napi").exists():
            sh("npm", "install", "--no-audit", "--no-fund", "--loglevel=error", cwd=node_dir)
        # A copy of the package with a release addon, leaving node/'s (debug) build to the tests.
        NODE_PKG.mkdir(parents=True, exist_ok=True)
        # The files the package publishes (its own list, so a new module is never left out),
        # but for native.js, which napi writes below for the release addon.
        published = json.loads((node_dir / "package.json").read_text())["files"]
        for f in ["package.json", *(f for f in published if f.endswith(".js") and f != "native.js")]:
            (NODE_PKG / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(node_dir / f, NODE_PKG / f)
        sh(node_dir / "node_modules" / ".bin" / "napi", "build", "--platform", "--release",
           "--manifest-path", ROOT / "bindings" / "node" / "Cargo.toml", "--output-dir", NODE_PKG,
           "--js", "native.js", "--dts", "native.d.ts", cwd=node_dir, quiet=True)
    if "kotlin" in surfaces:
        sh("cargo", "build", "--release", "--quiet", "-p", "saasus-uniffi", "--lib")
        # In Maven's process: the Kotlin daemon would stay behind, 2 GB and a JVM, through the rounds.
        sh("mvn", "-q", "-B", "-ntp", "-Dkotlin.compiler.daemon=false", "-f", ROOT / "bench" / "kotlin" / "pom.xml", "compile")


# --- running ---------------------------------------------------------------------------------

class Emulator:
    """A release emulator on 127.0.0.1, started and stopped by the runner."""

    def __init__(self, data: Path | None = None) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SAASUS_")}
        args = ["--data", data] if data else []
        self.proc = subprocess.Popen([RELEASE / "saasus-emulator", "--port", "0", "--quiet", *args],
                                     stdout=subprocess.PIPE, text=True, env=env)
        self.env = dict(self.proc.stdout.readline().strip().split("=", 1) for _ in range(4))

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def run_measured(cmd: list, env: dict, cwd=ROOT, timeout=600) -> tuple[str, int]:
    """Runs a program to its end; its stdout and peak RSS in KiB (from the kernel, via wait4)."""
    proc = subprocess.Popen([str(c) for c in cmd], cwd=cwd, env=env, stdout=subprocess.PIPE, text=True)
    # A program that hangs, printing nothing, is killed all the same.
    killer = threading.Timer(timeout, proc.kill)
    killer.start()
    try:
        out = proc.stdout.read()  # read before waiting, so a full pipe cannot stall the child
        _, status, rusage = os.wait4(proc.pid, 0)
    finally:
        timed_out = not killer.is_alive()
        killer.cancel()
    if timed_out:
        raise RuntimeError(f"{cmd[0]} ran over {timeout} s and was killed")
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} exited with {proc.returncode}")
    return out, rusage.ru_maxrss


def driver_command(surface: str) -> tuple[list, Path]:
    if surface == "rust":
        return [RELEASE / "rust-driver"], ROOT
    if surface.startswith("rust-"):
        return [RELEASE / "rust-shaped-driver", surface.removeprefix("rust-")], ROOT
    if surface in ("python-sync", "python-sync-logging", "python-asyncio"):
        # python-sync-logging: the same calls with the `saasus` logger at DEBUG (python-sync has
        # it off, the default), to show what logging costs on and that off costs nothing.
        mode = surface.removeprefix("python-")
        # Run from bench/, so that `import saasus` is the installed wheel, not ./python's source.
        return [VENV / "bin" / "python", ROOT / "bench" / "drivers" / "python_driver.py", mode], ROOT / "bench"
    if surface == "node":
        return ["node", ROOT / "bench" / "drivers" / "node_driver.js", NODE_PKG], ROOT
    if surface == "kotlin":
        cp = f"{KOTLIN_OUT / 'classes'}:{(KOTLIN_OUT / 'classpath.txt').read_text().strip()}"
        return ["java", f"-Djna.library.path={RELEASE}", "-cp", cp, "io.saasus.bench.DriverKt"], ROOT
    if surface == "official-python":
        return [OFFICIAL_PY_VENV / "bin" / "python", ROOT / "bench" / "drivers" / "official_python_driver.py"], OFFICIAL
    if surface == "official-js":
        return ["node", ROOT / "bench" / "drivers" / "official_js_driver.js", OFFICIAL_JS], ROOT
    raise ValueError(surface)


def quantile(sorted_values: list[float], q: float) -> float:
    """Nearest rank, as bench/src/lib.rs computes it for the load generator."""
    rank = max(1, min(len(sorted_values), int(-(-q * len(sorted_values) // 1))))
    return sorted_values[rank - 1]


def phase_stats(phase: dict) -> dict:
    lat = sorted(phase["latencies_us"])
    return {"calls": len(lat), "per_second": len(lat) / phase["seconds"],
            "p50_us": quantile(lat, 0.5), "p99_us": quantile(lat, 0.99),
            # The driver process's CPU (all its threads) per call: what a surface costs, and on
            # a machine this busy far steadier than calls/s, which also move with the emulator.
            "cpu_us_per_call": phase["cpu_seconds"] / len(lat) * 1e6}


def run_driver(surface: str, emu: Emulator, tenant: str, a) -> dict:
    cmd, cwd = driver_command(surface)
    cmd += [tenant, a.sequential, a.concurrency, a.concurrent_calls, a.warm_up]
    env = {**os.environ, **emu.env}
    if surface == "official-js":
        # That SDK takes the origin and appends /v1/auth itself.
        env["SAASUS_API_URL_BASE"] = emu.env["SAASUS_BASE_URL"].removesuffix("/v1")
    out, rss_kib = run_measured(cmd, env, cwd=cwd)
    result = json.loads(out.strip().splitlines()[-1])
    return {"sequential": phase_stats(result["sequential"]), "concurrent": phase_stats(result["concurrent"]),
            "peak_rss_mb": rss_kib / 1024}


def import_cost(surface: str, runs: int) -> dict | None:
    """A fresh process importing the package: seconds for the import alone, and the process's
    peak RSS (interpreter included) — medians over `runs` processes."""
    if surface.startswith("python"):
        cmd = [VENV / "bin" / "python", "-c",
               "import time; t = time.perf_counter(); import saasus; print(time.perf_counter() - t)"]
        cwd = ROOT / "bench"
    elif surface == "official-python":
        cmd = [OFFICIAL_PY_VENV / "bin" / "python", "-c",
               "import time; t = time.perf_counter(); "
               "from saasus_sdk_python.client.auth_client import SignedAuthApiClient; "
               "from saasus_sdk_python.src.auth.api.tenant_api import TenantApi; print(time.perf_counter() - t)"]
        cwd = OFFICIAL
    elif surface in ("node", "official-js"):
        cmd = ["node", "-e", "const t = process.hrtime.bigint(); require(process.argv[1]); "
               "console.log(Number(process.hrtime.bigint() - t) / 1e9)", NODE_PKG if surface == "node" else OFFICIAL_JS]
        cwd = ROOT
    else:
        return None
    seconds, rss = [], []
    for _ in range(runs):
        out, kib = run_measured(cmd, dict(os.environ), cwd=cwd)
        seconds.append(float(out.strip()))
        rss.append(kib / 1024)
    return {"seconds": statistics.median(seconds), "peak_rss_mb": statistics.median(rss)}


def bench_tenant(emu: Emulator) -> str:
    """The tenant every driver reads, created on `emu`."""
    out, _ = run_measured([RELEASE / "rust-driver", "--setup"], {**os.environ, **emu.env})
    return out.strip()


def emulator_capacity(env: dict, tenant: str, a, operation: str = "get", connections: int | None = None) -> dict:
    """loadgen against the server that `env` (SAASUS_*) names."""
    out, _ = run_measured([RELEASE / "loadgen", env["SAASUS_BASE_URL"], tenant, connections or a.loadgen_connections,
                           a.loadgen_seconds, a.loadgen_threads, operation], {**os.environ, **env})
    return json.loads(out)


def loopback_floor(a, tenant: str) -> dict:
    """What loadgen measures against `loopback-floor` (a bare axum server answering a constant
    body): the machine's floor under the emulator's figures, with as many connections and with one."""
    proc = subprocess.Popen([RELEASE / "loopback-floor", tenant], stdout=subprocess.PIPE, text=True)
    try:
        # loadgen signs its requests; the floor ignores the signature, so any credentials do.
        floor = {"SAASUS_BASE_URL": proc.stdout.readline().strip().split("=", 1)[1],
                 "SAASUS_API_KEY": "floor", "SAASUS_SECRET_KEY": "floor", "SAASUS_SAAS_ID": "floor"}
        return {"many": emulator_capacity(floor, tenant, a), "one": emulator_capacity(floor, tenant, a, connections=1)}
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def data_file_capacity(a) -> dict:
    """The emulator with `--data` (a fresh file): GetTenant, whose API log it writes, and
    UpdateTenant, each a change of state it writes before answering."""
    with tempfile.TemporaryDirectory(prefix="saasus-bench-") as d:
        emu = Emulator(Path(d) / "bench.sqlite")
        try:
            tenant = bench_tenant(emu)
            return {op: emulator_capacity(emu.env, tenant, a, op) for op in ("get", "update")}
        finally:
            emu.stop()


def median_of(rounds: list[dict]) -> dict:
    """The median of every numeric leaf across rounds."""
    first = rounds[0]
    if isinstance(first, dict):
        return {k: median_of([r[k] for r in rounds]) for k in first}
    return statistics.median(rounds)


# --- reporting -------------------------------------------------------------------------------

def machine() -> dict:
    def first(cmd: list[str]) -> str:
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
            return (p.stdout or p.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.SubprocessError):
            return "?"
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    mem = re.search(r"MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text()) if Path("/proc/meminfo").exists() else None
    return {
        "cpu": model.group(1).strip() if model else platform.processor(),
        "cores": os.cpu_count(),
        "memory_gib": round(int(mem.group(1)) / 1024 / 1024) if mem else None,
        "os": f"{platform.system()} {platform.release()}",
        "rustc": first(["rustc", "--version"]),
        "python": platform.python_version() if not (VENV / "bin" / "python").exists()
        else first([str(VENV / "bin" / "python"), "--version"]).split()[-1],
        "node": first(["node", "--version"]),
        "java": first(["java", "-version"]),
        "date": datetime.date.today().isoformat(),
    }


def markdown(report: dict) -> str:
    res, m = report["surfaces"], report["machine"]
    lines = [
        f"Measured {m['date']} on {m['cores']} cores ({m['cpu']}), {m['memory_gib']} GiB, {m['os']}; "
        f"{m['rustc']}, Python {m['python']}, Node {m['node']}, {m['java']}. "
        f"Emulator and driver share the machine; median of {report['settings']['rounds']} rounds, each driver "
        f"warmed up with {report['settings']['concurrency'] * report['settings']['warm_up']:,} calls first; "
        f"a binding's ratio to the Rust core is the median of its ratios to the mean of the Rust runs just "
        f"before and after it. CPU is the driver process's (every thread) per call.",
        "",
        f"| surface | {report['settings']['sequential']:,} sequential: calls/s | p50 µs | p99 µs | CPU µs "
        f"| {report['settings']['concurrency']} in flight: calls/s | p50 µs | p99 µs | CPU µs | peak RSS MB | cold import |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]

    def ratio(r: dict, phase: str) -> str:
        return f" ({r['ratio'][phase]:.2f}×)" if "ratio" in r else ""

    for name, r in res.items():
        s, c = r["sequential"], r["concurrent"]
        imp = r.get("import")
        imp_text = f"{imp['seconds'] * 1000:.0f} ms, {imp['peak_rss_mb']:.1f} MB" if imp else "—"
        lines.append(
            f"| {name} | {s['per_second']:,.0f}{ratio(r, 'sequential')} "
            f"| {s['p50_us']:.0f} | {s['p99_us']:.0f} | {s['cpu_us_per_call']:.0f} "
            f"| {c['per_second']:,.0f}{ratio(r, 'concurrent')} "
            f"| {c['p50_us']:.0f} | {c['p99_us']:.0f} | {c['cpu_us_per_call']:.0f} "
            f"| {r['peak_rss_mb']:.1f} | {imp_text} |")
    spread = [f"{name} {r['ratio_range']['sequential'][0]:.2f}–{r['ratio_range']['sequential'][1]:.2f} / "
              f"{r['ratio_range']['concurrent'][0]:.2f}–{r['ratio_range']['concurrent'][1]:.2f}"
              for name, r in res.items() if name != "rust" and "ratio_range" in r]
    if spread and report["settings"]["rounds"] > 1:
        lines += ["", "Ratios from round to round (sequential / 64 in flight): " + "; ".join(spread) + "."]
    floors = [f"{name} {r['ratio_to_floor']['sequential']:.2f}× / {r['ratio_to_floor']['concurrent']:.2f}× "
              f"of {FLOOR[name]}" for name, r in res.items() if "ratio_to_floor" in r]
    versus = [f"{name} {r['versus_official']['sequential']:.1f}× / {r['versus_official']['concurrent']:.1f}× "
              f"the calls/s of {VERSUS[name]}, at {r['cpu_versus_official']:.2f}× its CPU per call"
              for name, r in res.items() if "versus_official" in r]
    if versus:
        lines += ["", "Against the official SDKs in the same run (calls/s sequential / 64 in flight; CPU per call "
                      "with 64 in flight): " + "; ".join(versus) + "."]
    if floors:
        lines += ["", "`rust-from-thread` is the Rust core with every call started from, and answered to, one "
                      "thread outside its runtime (as Node's JS thread, an asyncio loop and Kotlin's coroutines "
                      "call it); `rust-blocking` is the core called from 64 OS threads, each blocking on a "
                      "runtime of its own (as Python's blocking calls run). Against the core driven in their "
                      "own shape (sequential / 64 in flight): " + "; ".join(floors) + "."]
    cap = report.get("emulator")
    if cap:
        lines += ["", f"Emulator capacity: **{cap['per_second']:,.0f} signed `GetTenant` requests/s** "
                      f"({cap['connections']} keep-alive connections from `loadgen` on {cap['threads']} thread(s), "
                      f"{cap['seconds']} s; p50 {cap['p50_us']:.0f} µs, p99 {cap['p99_us']:.0f} µs, "
                      f"{cap['errors']} errors)."]
        if (one := cap.get("one_connection")) and (floor := cap.get("floor")):
            lines[-1] += (f" On one connection, one request after another: p50 {one['p50_us']:.0f} µs, "
                          f"{one['per_second']:,.0f} requests/s. The loopback floor on this machine — `loopback-floor`, "
                          f"a bare axum server answering the same body with no signature, log or state, under the same "
                          f"load — {floor['many']['per_second']:,.0f} requests/s, and p50 {floor['one']['p50_us']:.0f} µs "
                          f"on one connection.")
        if data := cap.get("data_file"):
            get, update = data["get"], data["update"]
            lines[-1] += (f" With a data file (`--data`, every change and API log written before the answer, in group "
                          f"commits): {get['per_second']:,.0f} `GetTenant`/s (p50 {get['p50_us']:.0f} µs) and "
                          f"{update['per_second']:,.0f} `UpdateTenant`/s (p50 {update['p50_us']:.0f} µs), "
                          f"{get['errors'] + update['errors']} errors.")
    sig = report.get("criterion")
    if sig:
        lines += ["", sig]
    return "\n".join(lines)


def update_readme(text: str, begin: str = README_BEGIN, end: str = README_END) -> None:
    """Puts `text` between the README's `begin` and `end` markers (each benchmark has its own)."""
    readme = ROOT / "README.md"
    content = readme.read_text()
    if begin not in content or end not in content:
        raise SystemExit(f"README.md has no {begin} … {end} section to update")
    head, rest = content.split(begin, 1)
    _, tail = rest.split(end, 1)
    readme.write_text(f"{head}{begin}\n{text}\n{end}{tail}")
    log("README.md updated")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--surfaces", default=",".join(SURFACES), help=f"comma-separated, of {', '.join(SURFACES)}")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--sequential", type=int, default=2000)
    p.add_argument("--concurrency", type=int, default=64)
    p.add_argument("--concurrent-calls", type=int, default=12800)
    p.add_argument("--warm-up", type=int, default=400, metavar="CALLS",
                   help="unmeasured calls per worker before the phases, for every surface alike")
    p.add_argument("--import-runs", type=int, default=10)
    p.add_argument("--loadgen-connections", type=int, default=64)
    p.add_argument("--loadgen-seconds", type=int, default=5)
    p.add_argument("--loadgen-threads", type=int, default=1)
    p.add_argument("--no-capacity", action="store_true", help="skip the emulator's capacity")
    p.add_argument("--official-python", type=Path, default=os.environ.get("SAASUS_BENCH_OFFICIAL_PYTHON") or None,
                   metavar="DIR", help="a checkout of saasus-platform/saasus-sdk-python, to measure beside ours")
    p.add_argument("--official-js", type=Path, default=os.environ.get("SAASUS_BENCH_OFFICIAL_JS") or None,
                   metavar="DIR", help="a checkout of saasus-platform/saasus-sdk-javascript, to measure beside ours")
    p.add_argument("--skip-build", action="store_true", help="use what an earlier run built")
    p.add_argument("--json", type=Path, help="also write the figures here")
    p.add_argument("--readme", action="store_true", help="write the table into README.md")
    a = p.parse_args()
    surfaces = [s.strip() for s in a.surfaces.split(",") if s.strip()]
    if unknown := [s for s in surfaces if s not in SURFACES]:
        raise SystemExit(f"--surfaces: unknown {', '.join(unknown)} (known: {', '.join(SURFACES)})")
    for s, where, flag in (("official-python", a.official_python, "--official-python"), ("official-js", a.official_js, "--official-js")):
        if s not in surfaces:
            continue
        if where is None:
            log(f"{s}: skipped (no copy of its repository given: {flag} DIR)")
            surfaces.remove(s)
        elif not where.is_dir():
            raise SystemExit(f"{flag}: {where} is not a directory")
    if not a.skip_build:
        build(surfaces)
        build_official(surfaces, a)

    emu = Emulator()
    try:
        tenant = bench_tenant(emu)
        capacity = None if a.no_capacity else emulator_capacity(emu.env, tenant, a)
        if capacity:
            log(f"emulator: {capacity['per_second']:,.0f} requests/s")
            capacity["one_connection"] = emulator_capacity(emu.env, tenant, a, connections=1)
            capacity["floor"] = loopback_floor(a, tenant)
            log(f"emulator on one connection: p50 {capacity['one_connection']['p50_us']:.0f} µs; loopback floor: "
                f"{capacity['floor']['many']['per_second']:,.0f} requests/s, p50 {capacity['floor']['one']['p50_us']:.0f} µs on one")
            capacity["data_file"] = data_file_capacity(a)
            log("emulator with --data: " + ", ".join(f"{op} {c['per_second']:,.0f} requests/s"
                                                     for op, c in capacity["data_file"].items()))
        rounds: dict[str, list[dict]] = {s: [] for s in surfaces}
        # Each binding's ratios to the Rust core, one per round: this machine's speed drifts
        # more between runs seconds apart (the Rust core alone: 30,000–43,000 calls/s with 64
        # in flight) than surfaces differ, so every binding runs between two runs of the Rust
        # core and is compared with their mean.
        ratios: dict[str, list[dict]] = {s: [] for s in surfaces if s != "rust"}

        def measure(n: int, s: str) -> dict:
            r = run_driver(s, emu, tenant, a)
            log(f"round {n + 1} {s}: {r['sequential']['per_second']:,.0f} sequential, "
                f"{r['concurrent']['per_second']:,.0f} concurrent calls/s, "
                f"{r['concurrent']['cpu_us_per_call']:.1f} µs CPU per call, {r['peak_rss_mb']:.1f} MB")
            rounds[s].append(r)
            return r

        for n in range(a.rounds):
            before = measure(n, "rust") if "rust" in surfaces else None
            for s in ratios:
                r = measure(n, s)
                if before is not None:
                    after = measure(n, "rust")
                    ratios[s].append({phase: r[phase]["per_second"] * 2
                                      / (before[phase]["per_second"] + after[phase]["per_second"])
                                      for phase in ("sequential", "concurrent")})
                    before = after
    finally:
        emu.stop()
    results = {s: median_of(rs) for s, rs in rounds.items()}
    for s, rs in ratios.items():
        if rs:
            per_phase = {phase: sorted(r[phase] for r in rs) for phase in ("sequential", "concurrent")}
            results[s]["ratio"] = {phase: statistics.median(v) for phase, v in per_phase.items()}
            results[s]["ratio_range"] = {phase: [v[0], v[-1]] for phase, v in per_phase.items()}
        if rs and (floor := FLOOR.get(s)) in ratios and len(ratios[floor]) == len(rs):
            # Both are taken against the Rust runs around them, so their quotient is too.
            results[s]["ratio_to_floor"] = {
                phase: statistics.median(r[phase] / f[phase] for r, f in zip(rs, ratios[floor]))
                for phase in ("sequential", "concurrent")}
    for s, official in VERSUS.items():
        if s in ratios and official in ratios and ratios[s] and len(ratios[s]) == len(ratios[official]):
            results[s]["versus_official"] = {
                phase: statistics.median(r[phase] / o[phase] for r, o in zip(ratios[s], ratios[official]))
                for phase in ("sequential", "concurrent")}
            results[s]["cpu_versus_official"] = statistics.median(
                r["concurrent"]["cpu_us_per_call"] / o["concurrent"]["cpu_us_per_call"]
                for r, o in zip(rounds[s], rounds[official]))
    if "rust" in results:
        results["rust"]["ratio"] = {"sequential": 1.0, "concurrent": 1.0}
    for s in surfaces:
        if imp := import_cost(s, a.import_runs):
            results[s]["import"] = imp
    report = {
        "machine": machine(),
        "settings": {"rounds": a.rounds, "sequential": a.sequential, "concurrency": a.concurrency,
                     "concurrent_calls": a.concurrent_calls, "warm_up": a.warm_up},
        "surfaces": results,
        "emulator": capacity,
    }
    text = markdown(report)
    print(text)
    if a.json:
        a.json.write_text(json.dumps(report, indent=2) + "\n")
        log(f"wrote {a.json}")
    if a.readme:
        update_readme(text)


if __name__ == "__main__":
    main()
