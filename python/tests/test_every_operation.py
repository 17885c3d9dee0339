"""Every operation of every API, blocking and asyncio, from the shared table of
tests/fixtures/every_operation.json: each call succeeds (or fails as the step says), its result
is the documented model class (a union's: one of its known variants), and holds the values the
step expects."""

from __future__ import annotations

import asyncio
import json
import os
import typing
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import saasus
from saasus import _native
from saasus._base import _UnknownVariant

STEPS = json.loads((Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "every_operation.json").read_text())["steps"]
# (api, method name) -> tag, for every operation.
TAGS = {(api, name): tag for api, tag, _, name, _, _, _ in _native.operations()}
SHARED = Path(os.environ.get("SAASUS_SHARED_DIR") or Path(__file__).resolve().parents[3] / "shared")


def spec_counts() -> dict[str, int]:
    """Each API's operation count as its spec in shared/ has it (an `operationId:` line each):
    what the SDK is held to, so that a changed spec fails here rather than a number in a test."""
    counts = {}
    for spec in (SHARED / "spec").glob("saasus-*-api.yml"):
        lines = spec.read_text(encoding="utf-8").splitlines()
        counts[spec.name[len("saasus-") : -len("-api.yml")]] = sum(line.lstrip().startswith("operationId:") for line in lines)
    return counts


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
    if typing.get_origin(expected) is typing.Annotated:  # a union: Annotated[Union[…], its pydantic schema]
        expected = typing.get_args(expected)[0]
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


def test_the_sdk_and_the_table_cover_every_operation_of_the_specs():
    assert dict(Counter(api for api, _ in TAGS)) == spec_counts()
    assert {(s["api"], s["op"]) for s in STEPS} == set(TAGS)


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
