#!/usr/bin/env python3
"""The sessions' benchmark: requests authorized per second through the FastAPI and Express
helpers, with the user's `UserInfo` cached (the default) and with a GetUserInfo per request.

    python3 bench/sessions.py                  # build (release), run, print the table
    python3 bench/sessions.py --seconds 5 --readme

Builds what bench/run.py builds (the release wheel in its venv, with FastAPI; the release addon),
starts one release emulator, and runs each driver (bench/drivers/sessions_fastapi.py,
sessions_express.js) `--rounds` times per mode: a route behind the helper, called in-process
(ASGI; light-my-request) by `--concurrency` concurrent requests for `--seconds`, each with a
signed-in user's session cookie. `warm`: the ID token verified locally and the user cached;
`cold`: `user_cache_max_age` 0, so a GetUserInfo to the emulator on loopback per request (the
official SDKs' middleware does that). Reported: requests/s (median) and the driver's CPU per
request. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402  (bench/run.py: the build, the emulator, the machine)

HELPERS = ["fastapi", "express"]
BEGIN, END = "<!-- sessions-bench:begin -->", "<!-- sessions-bench:end -->"


def command(helper: str, mode: str, seconds: float, concurrency: int) -> list:
    drivers = run.ROOT / "bench" / "drivers"
    if helper == "fastapi":
        return [run.VENV / "bin" / "python", drivers / "sessions_fastapi.py", mode, seconds, concurrency]
    return ["node", drivers / "sessions_express.js", run.NODE_PKG, mode, seconds, concurrency]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--helpers", default=",".join(HELPERS))
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--seconds", type=float, default=5)
    p.add_argument("--concurrency", type=int, default=64)
    p.add_argument("--skip-build", action="store_true")
    p.add_argument("--readme", action="store_true", help=f"write the table into README.md between {BEGIN} and {END}")
    a = p.parse_args()
    helpers = a.helpers.split(",")
    if not a.skip_build:
        run.build([{"fastapi": "python-async", "express": "node"}[h] for h in helpers])
        if "fastapi" in helpers:
            run.sh(run.VENV / "bin" / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "fastapi>=0.110")
    emu = run.Emulator()
    results: dict[tuple[str, str], dict] = {}
    try:
        env = {**run.os.environ, **emu.env}
        for helper in helpers:
            for mode in ["warm", "cold"]:
                rounds = []
                for _ in range(a.rounds):
                    out, _ = run.run_measured(command(helper, mode, a.seconds, a.concurrency), env)
                    r = json.loads(out.strip().splitlines()[-1])
                    if set(r["statuses"]) != {"200"}:
                        raise SystemExit(f"{helper} {mode}: answers other than 200: {r['statuses']}")
                    rounds.append(r)
                per_second = statistics.median(r["requests"] / r["seconds"] for r in rounds)
                cpu_us = statistics.median(r["cpu_seconds"] / r["requests"] * 1e6 for r in rounds)
                results[(helper, mode)] = {"per_second": per_second, "cpu_us": cpu_us}
                run.log(f"{helper} {mode}: {per_second:,.0f} requests/s, {cpu_us:.0f} µs CPU per request")
    finally:
        emu.stop()
    m = run.machine()
    lines = [f"Measured {m['date']} on {m['cores']} cores ({m['cpu']}); {m['rustc']}, Python {m['python']}, Node {m['node']}. "
             f"{a.concurrency} requests in flight for {a.seconds:g} s, in-process (ASGI; light-my-request), the emulator on loopback; "
             f"median of {a.rounds} rounds (`python3 bench/sessions.py`).", "",
             "| helper | cached (requests/s, CPU µs each) | GetUserInfo per request (requests/s, CPU µs each) | × |", "|---|--:|--:|--:|"]
    for helper in helpers:
        warm, cold = results[(helper, "warm")], results[(helper, "cold")]
        lines.append(f"| {helper} | {warm['per_second']:,.0f} ({warm['cpu_us']:.0f}) | {cold['per_second']:,.0f} ({cold['cpu_us']:.0f}) | "
                     f"{warm['per_second'] / cold['per_second']:.1f} |")
    table = "\n".join(lines)
    print(table)
    if a.readme:
        run.update_readme(table, BEGIN, END)


if __name__ == "__main__":
    main()
