"""pydantic v2 interop of the SDK's models (their `__get_pydantic_core_schema__` calls
`core_schema` here): an SDK model can be a field of a pydantic model or FastAPI's
`response_model`, validated from the model itself or from a dict of its JSON fields, and
serialised as that dict. Imported only by pydantic's own call, so pydantic stays optional."""

from __future__ import annotations

from typing import Any

from pydantic_core import core_schema as cs

from ._errors import SaasusError


def core_schema(cls: Any) -> cs.CoreSchema:
    def validate(value: Any) -> Any:
        if isinstance(value, cls):
            return value
        if isinstance(value, dict):
            try:
                return cls.from_dict(value)
            except SaasusError as e:
                # pydantic reports a ValueError as a ValidationError naming the field's path.
                raise ValueError(e.message) from None
        raise ValueError(f"expected a {cls.__name__} or a dict of its fields, not {type(value).__name__}")

    return cs.no_info_plain_validator_function(
        validate,
        serialization=cs.plain_serializer_function_ser_schema(lambda model: model.to_dict()),
    )
