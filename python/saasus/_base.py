"""What the generated enum and union classes of every API build on."""

from __future__ import annotations

import enum
from typing import Any


class _ApiEnum(str, enum.Enum):
    """A `str` enum, so members compare equal to the API's strings; a value this version does
    not know becomes a member of its own (named UNKNOWN) instead of an error."""

    @classmethod
    def _missing_(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return None
        unknown = str.__new__(cls, value)
        unknown._name_ = "UNKNOWN"
        unknown._value_ = value
        return unknown

    def __str__(self) -> str:
        return str(self.value)


class _UnknownVariant:
    """A union's value of a kind this version does not know (a newer platform's): its
    discriminator's value (`kind`) and the object as it came (`raw`), sent back unchanged when
    passed to an operation."""

    __slots__ = ("kind", "raw")

    def __init__(self, kind: str, raw: dict[str, Any]) -> None:
        self.kind = kind
        self.raw = raw

    def to_dict(self) -> dict[str, Any]:
        return dict(self.raw)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and (self.kind, self.raw) == (other.kind, other.raw)  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dict it holds

    def __repr__(self) -> str:
        return f"{type(self).__name__}(kind={self.kind!r}, raw={self.raw!r})"
