"""pydantic v2 interop of the SDK's models (their `__get_pydantic_core_schema__` calls
`core_schema` here): an SDK model can be a field of a pydantic model or FastAPI's
`response_model`, validated from the model itself or from a dict of its JSON fields, and
serialised as that dict; a union (`PricingUnit`) likewise, told apart by its discriminator.
Imported only by pydantic's own call, so pydantic stays optional."""

from __future__ import annotations

from typing import Any, Callable

from pydantic_core import core_schema as cs

from ._base import _TaggedUnion
from ._errors import SaasusError


def _from_dict(cls: Any, value: dict[str, Any]) -> Any:
    try:
        return cls.from_dict(value)
    except SaasusError as e:
        # pydantic reports a ValueError as a ValidationError naming the field's path.
        raise ValueError(e.message) from None


def _plain(validate: Callable[[Any], Any]) -> cs.CoreSchema:
    """Validated by `validate`, serialised as the API's JSON (`to_dict()`)."""
    return cs.no_info_plain_validator_function(
        validate,
        serialization=cs.plain_serializer_function_ser_schema(lambda value: value.to_dict()),
    )


def core_schema(cls: Any) -> cs.CoreSchema:
    def validate(value: Any) -> Any:
        if isinstance(value, cls):
            return value
        if isinstance(value, dict):
            return _from_dict(cls, value)
        raise ValueError(f"expected a {cls.__name__} or a dict of its fields, not {type(value).__name__}")

    return _plain(validate)


def union_core_schema(union: _TaggedUnion) -> cs.CoreSchema:
    """A union's value, or a dict validated as the variant its discriminator names (a kind this
    version does not know as the union's unknown case, kept as it came)."""
    classes = (*union.variants.values(), union.unknown)
    tag = union.discriminator

    def validate(value: Any) -> Any:
        if isinstance(value, classes):
            return value
        if not isinstance(value, dict):
            raise ValueError(f"expected a {union.name} or a dict of its fields, not {type(value).__name__}")
        kind = value.get(tag)
        if not isinstance(kind, str):
            raise ValueError(f"`{tag}` is required" if kind is None else f"`{tag}` must be a string")
        variant = union.variants.get(kind)
        if variant is None:
            return union.unknown(kind, dict(value))
        return _from_dict(variant, value)

    return _plain(validate)


def union_json_schema(union: _TaggedUnion) -> dict[str, Any]:
    """`oneOf` the variants' schemas and the unknown case's (an object whose discriminator is
    none of theirs), told apart by the discriminator."""
    variants = [cls.__get_pydantic_json_schema__(None, None) for cls in union.variants.values()]
    unknown = {"title": union.unknown.__name__, "type": "object", "required": [union.discriminator],
               "properties": {union.discriminator: {"type": "string", "not": {"enum": list(union.variants)}}}}
    return {"title": union.name, "oneOf": [*variants, unknown], "discriminator": {"propertyName": union.discriminator}}
