"""`core.renderers.JSONRenderer` writes the bytes DRF's `JSONRenderer` writes, and is the API's renderer."""

import json
import math
import uuid
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal

import numpy as np
import pytest
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy
from rest_framework import renderers
from rest_framework.exceptions import ErrorDetail
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from core.renderers import JSONRenderer


class Status(TextChoices):
    PUBLISHED = "published"


VALUES = {
    "text": 'Nurse\u2019s notes: \u201cBP 88/50\u201d \u2014 é, 中文, emoji 🩺, quote " and backslash \\ and newline \n',
    "separators": "line\u2028paragraph\u2029end",
    "numbers": [0, -1, 2**63 - 1, 0.1, -2.5, 1.0, 3.14159, 0.0001, 123456.789],
    "flags": [True, False, None],
    "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "aware": datetime(2026, 12, 3, 10, 26, 52, 123456, tzinfo=UTC),
    "offset": datetime(2026, 12, 3, 10, 26, 52, tzinfo=timezone(timedelta(hours=1))),
    "naive": datetime(2026, 12, 3, 10, 26, 52),
    "date": date(2026, 12, 3),
    "time": time(8, 30),
    "duration": timedelta(minutes=90),
    "decimal": Decimal("15000.50"),
    "lazy": gettext_lazy("Not found."),
    "choice": Status.PUBLISHED,
    "error": ErrorDetail("This field is required.", code="required"),
    "returned": ReturnDict({"a": ReturnList([1, 2], serializer=None)}, serializer=None),
    "int keys": {1: "one", 2: "two"},
    "nested": [[[]], {}, {"deep": [{"deeper": [1]}]}],
    "numpy": np.array([1.5, 2.0]),
    "numpy float": np.float64(0.25),
    "iterable": frozenset({7}),
}


@pytest.mark.parametrize("name", VALUES)
def test_each_value_is_written_as_drf_writes_it(name):
    data = {name: VALUES[name]}

    assert JSONRenderer().render(data) == renderers.JSONRenderer().render(data)


def test_a_whole_body_is_written_as_drf_writes_it():
    assert JSONRenderer().render(VALUES) == renderers.JSONRenderer().render(VALUES)
    assert JSONRenderer().render(None) == b""


def test_a_float_in_exponent_form_is_the_same_number_written_shorter():
    body = JSONRenderer().render({"x": 1e-07, "y": 1e16})

    assert body == b'{"x":1e-7,"y":1e+16}'  # DRF: 1e-07, 1e+16
    assert json.loads(body) == json.loads(renderers.JSONRenderer().render({"x": 1e-07, "y": 1e16}))


def test_an_indent_asked_for_in_the_media_type_is_honoured():
    body = JSONRenderer().render({"a": [1]}, "application/json; indent=2")

    assert body == renderers.JSONRenderer().render({"a": [1]}, "application/json; indent=2")
    assert b"\n" in body


def test_a_float_that_is_not_finite_is_null_not_an_error():
    assert json.loads(JSONRenderer().render({"x": math.nan, "y": math.inf})) == {"x": None, "y": None}


def test_a_type_json_cannot_hold_is_an_error_not_null():
    with pytest.raises(TypeError):
        JSONRenderer().render({"x": object()})


def test_the_api_renders_with_it(client):
    response = client.get("/api/courses/")

    assert isinstance(response.accepted_renderer, JSONRenderer)
