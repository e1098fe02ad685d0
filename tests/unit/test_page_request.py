"""``PageRequest.sort``: a field name, '-' for descending, checked against each list's fields."""

from __future__ import annotations

import pytest

from mercato.ports.errors import InvalidInput
from mercato.ports.pagination import PageRequest

pytestmark = pytest.mark.unit

FIELDS = ("name", "created_at")


def test_existing_positional_callers_still_build_a_request() -> None:
    request = PageRequest(2, 10, "acme")
    assert (request.page, request.size, request.search, request.sort) == (2, 10, "acme", "")


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ("name", False)),
        ("name", ("name", False)),
        ("-created_at", ("created_at", True)),
        (" -name ", ("name", True)),
    ],
)
def test_the_sort_names_a_field_and_a_direction(sort: str, expected: tuple[str, bool]) -> None:
    assert PageRequest(sort=sort).ordering(FIELDS, "name") == expected


def test_an_empty_sort_takes_the_lists_default_direction_too() -> None:
    assert PageRequest().ordering(FIELDS, "-created_at") == ("created_at", True)


@pytest.mark.parametrize("sort", ["password_hash", "-", "--name", "Name", "name desc"])
def test_a_field_the_list_does_not_sort_by_is_refused_on_the_sort_field(sort: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        PageRequest(sort=sort).ordering(FIELDS, "name")
    assert refused.value.field == "sort"
    assert "created_at, name" in refused.value.message
