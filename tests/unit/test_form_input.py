"""Decoding a form into its operation's msgspec Struct: every field at fault is reported."""

from __future__ import annotations

from typing import Annotated

import msgspec
import pytest

from mercato.adapters.web.form_input import FormInvalid, decode_form
from mercato.domain.tenancy.model import VendorStatus

pytestmark = pytest.mark.unit

Code = Annotated[str, msgspec.Meta(pattern=r"^[a-z]+$(?!\n)", description="letters a-z")]


class Thing(msgspec.Struct, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=5)]
    owner_id: Annotated[int, msgspec.Meta(ge=1)]
    code: Code
    tags: Annotated[list[Code], msgspec.Meta(max_length=2)] = []
    status: VendorStatus = VendorStatus.ACTIVE
    note: str | None = None


def test_a_valid_form_decodes_into_the_struct() -> None:
    values = {"name": "Box", "owner_id": " 7 ", "code": "abc", "tags": "x\ny, z", "_csrf": "t"}
    with pytest.raises(FormInvalid) as refused:  # three tags where two are allowed
        decode_form(values, Thing)
    assert refused.value.errors == {"tags": "at most 2 entries"}
    values["tags"] = "x\ny"
    assert decode_form(values, Thing) == Thing("Box", 7, "abc", ["x", "y"])


def test_an_empty_form_reports_every_missing_field() -> None:
    with pytest.raises(FormInvalid) as refused:
        decode_form({"name": "", "owner_id": "", "code": ""}, Thing)
    assert refused.value.errors == {
        "name": "required",
        "owner_id": "required",
        "code": "must be letters a-z",
    }
    assert refused.value.field == "name"
    assert refused.value.message == "name: required; owner_id: required; code: must be letters a-z"


def test_each_invalid_field_is_worded_for_a_person() -> None:
    values = {"name": "Too long", "owner_id": "x", "code": "abc\n", "status": "gone"}
    with pytest.raises(FormInvalid) as refused:
        decode_form(values, Thing)
    assert refused.value.errors == {
        "name": "at most 5 characters",
        "owner_id": "a whole number is expected",
        "code": "must be letters a-z",
        "status": "not one of the choices",
    }


def test_a_number_out_of_range_is_refused_not_raised() -> None:
    with pytest.raises(FormInvalid) as refused:
        decode_form({"name": "a", "owner_id": "0", "code": "a"}, Thing)
    assert set(refused.value.errors) == {"owner_id"}


def test_a_list_field_left_out_keeps_its_default_and_an_empty_one_is_empty() -> None:
    class Edit(msgspec.Struct):
        tags: list[str] | None = None

    assert decode_form({}, Edit).tags is None
    assert decode_form({"tags": ""}, Edit).tags == []
