"""What the generated enum, union and exception classes build on."""

from __future__ import annotations

import enum
from typing import Any, Callable, Optional, Type


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
        if not isinstance(kind, str) or not isinstance(raw, dict):
            raise TypeError(f"{type(self).__name__}(kind, raw) takes a str and a dict, not {type(kind).__name__} and {type(raw).__name__}")
        self.kind = kind
        self.raw = raw

    def to_dict(self) -> dict[str, Any]:
        return dict(self.raw)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and (self.kind, self.raw) == (other.kind, other.raw)  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dict it holds

    def __repr__(self) -> str:
        return f"{type(self).__name__}(kind={self.kind!r}, raw={self.raw!r})"


class _TaggedUnion:
    """The metadata making a union alias a pydantic v2 type: `PricingUnit = Annotated[Union[…],
    _TaggedUnion("PricingUnit", "type", {"fixed": PricingFixedUnit, …}, UnknownPricingUnit)]`.
    A dict is validated as the variant its discriminator names (an unknown kind as the unknown
    case), a value is serialised as the API's JSON, and its JSON Schema is a discriminated
    `oneOf` of the variants' and the unknown case's (saasus/_pydantic.py)."""

    __slots__ = ("name", "discriminator", "variants", "unknown")

    def __init__(self, name: str, discriminator: str, variants: dict[str, Any], unknown: type) -> None:
        self.name = name
        self.discriminator = discriminator
        self.variants = variants
        self.unknown = unknown

    def __get_pydantic_core_schema__(self, _source: Any, _handler: Any) -> Any:
        from . import _pydantic  # pydantic stays optional: imported only by pydantic's own call

        return _pydantic.union_core_schema(self)

    def __get_pydantic_json_schema__(self, _core_schema: Any, _handler: Any) -> Any:
        from . import _pydantic

        return _pydantic.union_json_schema(self)

    def __repr__(self) -> str:
        return f"_TaggedUnion({self.name!r})"


class SaasusError(Exception):
    """Every error of the SDK. `status`, `type`, `data` and `trace_id` are None where they do
    not apply; the text never contains the secret key, a signature or a token."""

    def __init__(self, message: str, *, status: Optional[int] = None, type: Optional[str] = None,
                 data: Optional[dict[str, Any]] = None, trace_id: Optional[str] = None, detail: Optional[str] = None):
        super().__init__(message)
        self.message = detail if detail is not None else message
        self.status = status
        self.type = type
        self.data = data
        self.trace_id = trace_id

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status!r}, type={self.type!r}, message={self.message!r}, trace_id={self.trace_id!r})"


_FromNative = Callable[[str, Optional[int], Optional[str], str, str, Optional[dict[str, Any]], Optional[str]], SaasusError]


def _error_factory(classes: dict[str, Type[SaasusError]]) -> _FromNative:
    """What the native module calls to build the exception of a core error (the class the core
    chose by name, status, the API's error type or the field, the text, the message without the
    status, data, trace id), given the classes by name (saasus/_errors.py, generated)."""

    def from_native(class_name: str, status: Optional[int], type: Optional[str], text: str, message: str,
                    data: Optional[dict[str, Any]], trace_id: Optional[str]) -> SaasusError:
        cls = classes.get(class_name, SaasusError)
        return cls(text, status=status, type=type, data=data, trace_id=trace_id, detail=message)

    return from_native
