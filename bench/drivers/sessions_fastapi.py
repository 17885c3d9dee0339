"""The sessions benchmark's FastAPI driver: a FastAPI app whose route depends on
`saasus.fastapi.SaasusAuth`, called in-process through ASGI (no sockets: the helper and the
framework are what is measured) by CONCURRENCY tasks for SECONDS, each request carrying a signed-in
user's session cookie. `warm`: the default `user_cache_max_age` (60 s); `cold`: 0, a GetUserInfo
per request. Prints one JSON line: requests, seconds, cpu_seconds, and the statuses seen.

    python sessions_fastapi.py warm|cold SECONDS CONCURRENCY      (SAASUS_* point at an emulator)
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
import urllib.request

from fastapi import Depends, FastAPI

import saasus
from saasus.fastapi import SaasusAuth


def session_cookie(client: saasus.Client) -> str:
    """A user signed in through the emulator's test sign-in: the cookie a browser would send."""
    email = f"bench-{os.getpid()}@example.com"
    client.auth.saas_user.create_saas_user(email=email, password="Passw0rd-Bench")
    origin = client.base_url.rsplit("/v1", 1)[0]
    req = urllib.request.Request(f"{origin}/_emulator/sign-in", method="POST", headers={"content-type": "application/json"},
                                 data=json.dumps({"username": email, "password": "Passw0rd-Bench"}).encode())
    with urllib.request.urlopen(req) as resp:
        code = json.load(resp)["code"]
    return f"saasus_id_token={client.exchange_temp_code(code).id_token}"


async def main(mode: str, seconds: float, concurrency: int) -> None:
    cookie = session_cookie(saasus.Client()).encode()
    auth = SaasusAuth(saasus.AsyncClient(), secure=False, user_cache_max_age=60 if mode == "warm" else 0)
    app = FastAPI()

    @app.get("/me")
    async def me(user: saasus.UserInfo = Depends(auth)) -> dict[str, str]:
        return {"id": user.id}

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": "/me", "raw_path": b"/me", "query_string": b"", "root_path": "", "client": ("127.0.0.1", 1),
             "server": ("bench", 80), "headers": [(b"host", b"bench"), (b"cookie", cookie)]}
    statuses: dict[int, int] = {}

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def one() -> None:
        async def send(message: dict) -> None:
            if message["type"] == "http.response.start":
                statuses[message["status"]] = statuses.get(message["status"], 0) + 1

        await app(dict(scope), receive, send)

    for _ in range(50):  # warm-up: the issuer learned, the key set fetched, the user cached
        await one()
    statuses.clear()
    deadline = time.monotonic() + seconds

    async def worker() -> int:
        n = 0
        while time.monotonic() < deadline:
            await one()
            n += 1
        return n

    started, cpu = time.monotonic(), time.process_time()
    counts = await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed, cpu = time.monotonic() - started, time.process_time() - cpu
    print(json.dumps({"requests": sum(counts), "seconds": elapsed, "cpu_seconds": cpu, "statuses": statuses}))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], float(sys.argv[2]), int(sys.argv[3])))
