"""Pieces the configuration's pydantic models share (config.py and each source adapter's settings):
a strict base model, hints that replace pydantic's wording with ours, and the messages that name
the key (`boards[2].github.repo: expected owner/name ...`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from annotated_types import GroupedMetadata, Interval
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Strict,
    StringConstraints,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    model_validator,
)
from pydantic_core import PydanticCustomError

# The error type of our own messages; its context may hold `at`, the keys below the validated
# value that the message is about (a model validator sees the whole mapping, not one key).
CONFIG_ERROR = "jobboard_config"


def problem(message: str, *at: str | int) -> PydanticCustomError:
    """A validation error with our message, located `at` the keys below the value being validated."""
    # The message travels in the context: a template would expand braces a value may hold.
    return PydanticCustomError(CONFIG_ERROR, "{message}", {"at": at, "message": message})  # message last


class ConfigModel(BaseModel):
    """A part of jobboard.yaml: immutable, and an unknown key is an error naming the key."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @classmethod
    def unknown_key_hint(cls) -> str:
        return f" (expected one of: {', '.join(sorted(cls.model_fields))})"

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for key in data:
                if key not in cls.model_fields:
                    raise problem(f"unknown key{cls.unknown_key_hint()}", key)
        return data


def expect(hint: str) -> WrapValidator:
    """Any mistake in this value reads `<hint>, got <value>` (pydantic's own wording names types)."""

    def check(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        try:
            return handler(value)
        except ValidationError as exc:
            if any(e["type"] == CONFIG_ERROR for e in exc.errors()):
                raise  # already ours, and located
            raise problem(f"{hint}, got {value!r}") from None

    return WrapValidator(check)


def expect_mapping(hint: str) -> WrapValidator:
    """A nested model that is not a mapping reads `<hint>`; mistakes inside it keep their own keys."""

    def check(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        if not isinstance(value, (dict, BaseModel)):
            raise problem(hint)
        return handler(value)

    return WrapValidator(check)


def expect_shape(kind: type | tuple[type, ...], hint: str) -> WrapValidator:
    """A value that is not a `kind` (a list, a mapping) reads `<hint>`; mistakes inside it keep
    their own keys and messages."""

    def check(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        if not isinstance(value, kind):
            raise problem(hint)
        return handler(value)

    return WrapValidator(check)


def valid_if(test: Callable[[Any], bool]) -> AfterValidator:
    """The value passes `test`; the field's expect() hint says what was wanted."""

    def check(value: Any) -> Any:
        if not test(value):
            raise ValueError("invalid")
        return value

    return AfterValidator(check)


@dataclass(frozen=True)
class WholeNumber(GroupedMetadata):
    """`Annotated[int, WholeNumber(1, 100)]`: a YAML `5` only (not `5.0`, `"5"` or `true`), within bounds."""

    minimum: int
    maximum: int
    unit: str = ""  # "days": "a whole number of days from 1 to 365"

    def __iter__(self) -> Iterator[Any]:
        yield Strict()
        yield Interval(ge=self.minimum, le=self.maximum)
        of = f" of {self.unit}" if self.unit else ""
        yield expect(f"a whole number{of} from {self.minimum} to {self.maximum}")


_Word = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Text = Annotated[_Word, expect("a non-empty string")]
Texts = Annotated[_Word | list[_Word], expect("a non-empty string or a list of them")]


def messages(error: ValidationError) -> list[str]:
    """Each of pydantic's errors as `<key>: <what is wrong>`, the key written as in the YAML."""
    found = []
    for item in error.errors(include_url=False):
        loc, text, ctx = list(item["loc"]), item["msg"], item.get("ctx") or {}
        if item["type"] == CONFIG_ERROR:
            loc += ctx.get("at", ())
        elif item["type"] == "missing":
            text = "required"
        elif item["type"] == "union_tag_invalid":
            loc.append(ctx.get("discriminator", "").strip("'"))
            text = f"unknown source type {ctx.get('tag')!r}; known: {ctx.get('expected_tags', '').replace(chr(39), '')}"
        elif item["type"] == "union_tag_not_found":
            loc.append(ctx.get("discriminator", "").strip("'"))
            text = "required"
        elif item["type"] in ("model_type", "model_attributes_type", "dict_type"):
            text = "must be a mapping"
        elif item["type"] in ("list_type", "tuple_type"):
            text = "must be a list"
        found.append(f"{_key(loc)}: {text}" if loc else text)
    return found


def _key(loc: list) -> str:
    # A source entry is a union tagged by `type`: pydantic puts the tag in the location
    # (sources.0.greenhouse.board), which the file does not have.
    if len(loc) > 2 and loc[0] == "sources" and isinstance(loc[1], int) and isinstance(loc[2], str):
        from jobboard.sources import adapter_types

        if loc[2] in adapter_types():
            del loc[2]
    key = ""
    for part in loc:
        key += f"[{part}]" if isinstance(part, int) else f".{part}" if key else str(part)
    return key
