"""`FastOutputSerializer` writes what DRF's own `Serializer` writes for the same declared fields."""

import uuid
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from types import SimpleNamespace

import pytest
from rest_framework import serializers

from core.serializers import FastOutputSerializer


def declared(base):
    """A serializer class on `base` with one field of each kind the fast path knows, and one it doesn't."""
    fields = {
        "id": serializers.UUIDField(read_only=True),
        "title": serializers.CharField(read_only=True),
        "email": serializers.EmailField(read_only=True),
        "count": serializers.IntegerField(read_only=True),
        "flag": serializers.BooleanField(read_only=True),
        "role": serializers.ChoiceField(choices=[("user", "Student"), ("admin", "Admin")], read_only=True),
        "price": serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True),
        "at": serializers.DateTimeField(read_only=True, allow_null=True),
        "renamed": serializers.CharField(source="other_name", read_only=True),
        "custom": serializers.ListField(child=serializers.IntegerField(), read_only=True),
    }
    return type(f"Probe{base.__name__}", (base,), fields)


Fast = declared(FastOutputSerializer)
Drf = declared(serializers.Serializer)

ROWS = [
    {
        "id": uuid.uuid4(),
        "title": "Pharmacology",
        "email": "a@example.com",
        "count": 3,
        "flag": True,
        "role": "admin",
        "price": Decimal("60"),
        "at": datetime(2026, 5, 1, 8, 30, 15, 123456, tzinfo=UTC),
        "other_name": "renamed",
        "custom": [1, 2],
    },
    {
        "id": uuid.uuid4(),
        "title": "",
        "email": "b@example.com",
        "count": 0,
        "flag": False,
        "role": "user",
        "price": Decimal("0.5"),
        "at": datetime(2026, 5, 1, 9, 0, tzinfo=timezone(timedelta(hours=1))),
        "other_name": "x",
        "custom": [],
    },
    {
        "id": uuid.uuid4(),
        "title": "Nulls",
        "email": "c@example.com",
        "count": 7,
        "flag": True,
        "role": "user",
        "price": Decimal("1234.50"),
        "at": None,
        "other_name": None,
        "custom": None,
    },
]


@pytest.mark.parametrize("row", ROWS)
def test_a_dict_row_is_written_as_drf_writes_it(row):
    assert Fast(row).data == Drf(row).data


@pytest.mark.parametrize("row", ROWS)
def test_a_model_like_object_is_read_through_its_columns(row):
    assert Fast(SimpleNamespace(**row)).data == Drf(row).data


def test_many_rows_match_too():
    assert Fast(ROWS, many=True).data == Drf(ROWS, many=True).data


def test_a_method_field_gets_the_row():
    class WithMethod(FastOutputSerializer):
        title = serializers.CharField(read_only=True)
        shout = serializers.SerializerMethodField()

        def get_shout(self, row):
            return row["title"].upper()

    assert WithMethod({"title": "abc"}).data == {"title": "abc", "shout": "ABC"}


def test_a_dotted_source_is_refused_rather_than_misread():
    class Dotted(FastOutputSerializer):
        name = serializers.CharField(source="user.full_name", read_only=True)

    with pytest.raises(TypeError, match="reads one key"):
        Dotted({"user": {"full_name": "x"}}).data
