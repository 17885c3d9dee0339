"""Every operation of the API, blocking and asyncio, from the shared table of
tests/fixtures/every_operation.json: each call succeeds (or fails as the step says) and its
result is the documented model class."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

import saasus
from saasus import _native

STEPS = json.loads((Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "every_operation.json").read_text())["steps"]
TAGS = {name: tag for tag, name, _, _ in _native.operations()}


def resolve(value: Any, saved: dict[str, Any]) -> Any:
    if isinstance(value, str) and value.startswith("$"):
        return saved[value[1:]]
    if isinstance(value, dict):
        return {k: resolve(v, saved) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, saved) for v in value]
    return value


def dig(result: Any, path: str) -> Any:
    for part in path.split("."):
        result = result[int(part)] if part.isdigit() else getattr(result, part)
    return result


def check(step: dict[str, Any], result: Any, saved: dict[str, Any]) -> None:
    if step["returns"] is None:
        assert result is None, step["op"]
    else:
        assert type(result).__name__ == step["returns"], (step["op"], result)
        assert isinstance(result, getattr(saasus, step["returns"]))
    for name, path in step.get("save", {}).items():
        saved[name] = dig(result, path)


def test_the_table_covers_every_operation():
    assert {s["op"] for s in STEPS} == set(TAGS) and len(TAGS) == 102


def test_every_operation_blocking(emulator):
    client = emulator.client()
    saved: dict[str, Any] = {}
    for step in STEPS:
        method = getattr(getattr(client.auth, TAGS[step["op"]]), step["op"])
        args, kwargs = resolve(step.get("path", []), saved), resolve(step.get("input", {}), saved)
        if "error" in step:
            with pytest.raises(saasus.ApiError) as e:
                method(*args, **kwargs)
            assert e.value.status == step["error"]
            continue
        check(step, method(*args, **kwargs), saved)


def test_every_operation_asyncio(emulator):
    client = emulator.client(saasus.AsyncClient)

    async def run() -> int:
        saved: dict[str, Any] = {}
        for step in STEPS:
            method = getattr(getattr(client.auth, TAGS[step["op"]]), step["op"])
            args, kwargs = resolve(step.get("path", []), saved), resolve(step.get("input", {}), saved)
            if "error" in step:
                with pytest.raises(saasus.ServerError):
                    await method(*args, **kwargs)
                continue
            check(step, await method(*args, **kwargs), saved)
        return len(saved)

    assert asyncio.run(run()) > 5
