"""Every operation of every API, blocking and asyncio, from the shared table of
tests/fixtures/every_operation.json: each call succeeds (or fails as the step says), its result
is the documented model class (a union's: one of its known variants), and holds the values the
step expects."""

from __future__ import annotations

import asyncio
import json
import typing
from pathlib import Path
from typing import Any

import pytest

import saasus
from saasus import _native
from saasus._base import _UnknownVariant

STEPS = json.loads((Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "every_operation.json").read_text())["steps"]
# (api, method name) -> tag, for all 206 operations.
TAGS = {(api, name): tag for api, tag, _, name, _, _ in _native.operations()}


def resolve(value: Any, saved: dict[str, Any]) -> Any:
    if isinstance(value, str) and value.startswith("$"):
        return saved[value[1:]]
    if isinstance(value, dict):
        return {k: resolve(v, saved) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, saved) for v in value]
    return value


def dig(value: Any, path: str) -> Any:
    """The value at a dotted path of wire names (a number indexes a list)."""
    for part in path.split("."):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value


def module_of(api: str) -> Any:
    return saasus if api == "auth" else getattr(saasus, api)


def check(step: dict[str, Any], result: Any, saved: dict[str, Any]) -> None:
    where = f"{step['api']}.{step['op']}"
    if step["returns"] is None:
        assert result is None, where
        return
    expected = getattr(module_of(step["api"]), step["returns"])
    if typing.get_origin(expected) is typing.Union:
        # A union's answer is one of its variants' classes, never the unknown case.
        assert isinstance(result, expected) and not isinstance(result, _UnknownVariant), (where, result)
    else:
        assert type(result) is expected, (where, result)
    wire = result.to_dict()
    for path, value in step.get("expect", {}).items():
        assert dig(wire, path) == resolve(value, saved), (where, path, wire)
    for name, path in step.get("save", {}).items():
        saved[name] = dig(wire, path)


def method_of(client: Any, step: dict[str, Any]) -> Any:
    return getattr(getattr(getattr(client, step["api"]), TAGS[step["api"], step["op"]]), step["op"])


def test_the_table_covers_every_operation():
    assert {(s["api"], s["op"]) for s in STEPS} == set(TAGS) and len(TAGS) == 206


def test_every_operation_blocking(emulator):
    client = emulator.client()
    saved: dict[str, Any] = {}
    for step in STEPS:
        method = method_of(client, step)
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
            method = method_of(client, step)
            args, kwargs = resolve(step.get("path", []), saved), resolve(step.get("input", {}), saved)
            if "error" in step:
                with pytest.raises(saasus.ApiError) as e:
                    await method(*args, **kwargs)
                assert e.value.status == step["error"]
                continue
            check(step, await method(*args, **kwargs), saved)
        return len(saved)

    assert asyncio.run(run()) > 5
