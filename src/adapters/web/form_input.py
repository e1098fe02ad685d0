"""Decoding a submitted form into the msgspec Struct its JSON API operation takes.

One input type per operation serves both the page and the API, so their rules cannot drift
apart. A form is decoded field by field, so that *every* invalid or missing field is reported
at once (msgspec alone stops at the first): :class:`FormInvalid` carries a message per field.

Form text maps onto the Struct's types: an empty text field is an absent value for a
non-text field (a number, a choice) and ``""`` for a text field, whose constraints decide;
a list field takes the repeated values of its name (checkboxes), each also split on lines
and commas (a textarea with one entry per line).
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

import msgspec

from mercato.ports.errors import InvalidInput

__all__ = ["FormInvalid", "decode_form"]

S = TypeVar("S", bound=msgspec.Struct)

_LOCATION = re.compile(r" - at `\$[^`]*`$")
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^Expected `str` of length >= 1$"), "required"),
    (re.compile(r"^Expected `str` of length >= (\d+)$"), "at least {0} characters"),
    (re.compile(r"^Expected `str` of length <= (\d+)$"), "at most {0} characters"),
    (re.compile(r"^Expected `array` of length <= (\d+)$"), "at most {0} entries"),
    (re.compile(r"^Expected `array` of length >= 1$"), "choose at least one"),
    (re.compile(r"^Expected `int`"), "a whole number is expected"),
    (re.compile(r"^Invalid enum value"), "not one of the choices"),
    (re.compile(r"^Expected `bool`"), "yes or no is expected"),
)


class FormInvalid(InvalidInput):
    """Fields of a form that do not decode: ``errors`` maps each field to its message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        first = next(iter(errors))
        summary = "; ".join(f"{name}: {message}" for name, message in errors.items())
        super().__init__(summary, first)
        self.errors = dict(errors)


def decode_form(values: Mapping[str, str], type_: type[S]) -> S:
    """The ``type_`` Struct of a form's text ``values`` (as :func:`read_form` returns them).

    Raises :class:`FormInvalid` naming every field that is missing or breaks a constraint.
    """
    hints = typing.get_type_hints(type_, include_extras=True)
    decoded: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for field in msgspec.structs.fields(type_):
        hint = hints[field.name]
        raw = _raw(values.get(field.encode_name), hint)
        if raw is None:
            if field.required:
                errors[field.encode_name] = "required"
            continue
        try:
            decoded[field.encode_name] = msgspec.convert(raw, hint, strict=False)
        except msgspec.ValidationError as exc:
            errors[field.encode_name] = _message(str(exc), hint)
    if errors:
        raise FormInvalid(errors)
    try:
        return msgspec.convert(decoded, type_, strict=False)
    except msgspec.ValidationError as exc:  # a rule across fields (``__post_init__``)
        raise FormInvalid({"__all__": _LOCATION.sub("", str(exc))}) from exc


def _raw(value: str | None, hint: Any) -> Any:
    """The form value shaped for ``hint``: ``None`` when absent (the field's default applies),
    a list for a list field (an empty textarea is an empty list)."""
    base = _base(hint)
    if value is None:
        return None
    if typing.get_origin(base) is list:
        parts = (p.strip() for line in value.splitlines() for p in line.split(","))
        return [p for p in parts if p]
    if base is not str and not value.strip():
        return None
    return value.strip() if base is not str else value


def _base(hint: Any) -> Any:
    """The type under ``Annotated`` and ``| None``."""
    while True:
        if typing.get_origin(hint) is typing.Annotated:
            hint = typing.get_args(hint)[0]
        elif isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
            hint = next(a for a in typing.get_args(hint) if a is not type(None))
        else:
            return hint


def _message(error: str, hint: Any) -> str:
    """A person's wording of msgspec's ``error`` for a field of type ``hint``."""
    text = _LOCATION.sub("", error)
    for pattern, wording in _MESSAGES:
        found = pattern.match(text)
        if found:
            return wording.format(*found.groups())
    if text.startswith("Expected `str` matching regex"):
        description = _description(hint)
        return f"must be {description}" if description else "not in the expected form"
    return text


def _description(hint: Any) -> str | None:
    """The ``description`` of the first ``msgspec.Meta`` on ``hint`` that has one."""
    if typing.get_origin(hint) is typing.Annotated:
        for extra in typing.get_args(hint)[1:]:
            if isinstance(extra, msgspec.Meta) and extra.description:
                return extra.description
        return _description(typing.get_args(hint)[0])
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        return next(filter(None, (_description(a) for a in typing.get_args(hint))), None)
    return None
