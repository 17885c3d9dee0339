#!/usr/bin/env python3
"""The meter's benchmark: `meter.add` calls per second on one thread in each language, and the
requests its sums took.

    python3 bench/meter.py                       # build (release), run, print the table
    python3 bench/meter.py --adds 2000000 --readme

Builds what bench/run.py builds, starts one release emulator, creates two metering units and
10 tenants, and runs each surface's meter driver (`meter-driver`, `python_driver.py meter`,
`node_driver.js … meter`, Kotlin's `MeterDriver`) `--rounds` times: ADDS calls of `add` on one
thread, cycling through the 10 tenants and the two units (10 tenant–unit pairs, so 10 sums per
minute), timed alone; then `close()`,
which sends the sums. Reported: adds/s (median), the driver's CPU per add, and the requests the
sums took — one per tenant, unit and minute bucket, however many adds. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402  (bench/run.py: the build, the emulator, the machine)

SURFACES = ["rust", "python", "node", "kotlin"]
GOALS = {"rust": 1_000_000, "python": 300_000, "node": 300_000, "kotlin": 500_000}
BEGIN, END = "<!-- meter-bench:begin -->", "<!-- meter-bench:end -->"


def command(surface: str, tenants: str, adds: int) -> tuple[list, Path]:
    if surface == "rust":
        return [run.RELEASE / "meter-driver", tenants, adds], run.ROOT
    if surface == "python":
        return [run.VENV / "bin" / "python", run.ROOT / "bench" / "drivers" / "python_driver.py", "meter", tenants, adds], run.ROOT / "bench"
    if surface == "node":
        return ["node", run.ROOT / "bench" / "drivers" / "node_driver.js", run.NODE_PKG, "meter", tenants, adds], run.ROOT
    if surface == "kotlin":
        cmd, cwd = run.driver_command("kotlin")
        return [*cmd[:-1], "io.saasus.bench.MeterDriverKt", tenants, adds], cwd
    raise ValueError(surface)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--surfaces", default=",".join(SURFACES))
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--adds", type=int, default=1_000_000)
    p.add_argument("--skip-build", action="store_true")
    p.add_argument("--readme", action="store_true", help=f"write the table into README.md between {BEGIN} and {END}")
    a = p.parse_args()
    surfaces = a.surfaces.split(",")
    if not a.skip_build:
        run.build([{"python": "python-sync"}.get(s, s) for s in surfaces])
    emu = run.Emulator()
    try:
        env = {**run.os.environ, **emu.env}
        out, _ = run.run_measured([run.RELEASE / "meter-driver", "--setup"], env)
        tenants = out.strip().splitlines()[-1]
        results = {}
        for surface in surfaces:
            rounds = []
            for _ in range(a.rounds):
                cmd, cwd = command(surface, tenants, a.adds)
                out, _ = run.run_measured(cmd, env, cwd=cwd)
                rounds.append(json.loads(out.strip().splitlines()[-1]))
            per_second = statistics.median(r["adds"] / r["seconds"] for r in rounds)
            cpu_ns = statistics.median(r["cpu_seconds"] / r["adds"] * 1e9 for r in rounds)
            requests = statistics.median(r["requests"] for r in rounds)
            results[surface] = {"per_second": per_second, "cpu_ns_per_add": cpu_ns, "requests": requests,
                                "range": [min(r["adds"] / r["seconds"] for r in rounds), max(r["adds"] / r["seconds"] for r in rounds)]}
            run.log(f"{surface}: {per_second:,.0f} adds/s, {cpu_ns:.0f} ns CPU per add, {requests:.0f} requests")
    finally:
        emu.stop()
    m = run.machine()
    lines = [f"Measured {m['date']} on {m['cores']} cores ({m['cpu']}); {m['rustc']}, Python {m['python']}, Node {m['node']}, "
             f"{m['java']}. {a.adds:,} adds on one thread, median of {a.rounds} rounds (`python3 bench/meter.py`).", "",
             f"| surface | adds/s (range) | goal | CPU ns per add | requests for {a.adds:,} adds |", "|---|--:|--:|--:|--:|"]
    for s, r in results.items():
        lines.append(f"| {s} | {r['per_second']:,.0f} ({r['range'][0]:,.0f}–{r['range'][1]:,.0f}) | {GOALS[s]:,} "
                     f"| {r['cpu_ns_per_add']:.0f} | {r['requests']:.0f} |")
    text = "\n".join(lines)
    print(text)
    if a.readme:
        run.update_readme(text, BEGIN, END)


if __name__ == "__main__":
    main()
