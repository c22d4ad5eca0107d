"""`format_timestamp` writes exactly what DRF's DateTimeField writes for the API's UTC timestamps."""

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from rest_framework import serializers

from core.timestamps import format_timestamp


@pytest.mark.parametrize(
    "value",
    [
        datetime(2026, 11, 27, 18, 39, 18, 134905, tzinfo=UTC),
        datetime(2026, 11, 27, 18, 39, 18, tzinfo=UTC),  # no microseconds
        datetime(2026, 3, 29, 1, 30, tzinfo=ZoneInfo("Europe/London")),
        datetime(2026, 1, 1, 0, 0, 1, 5, tzinfo=timezone(timedelta(hours=-5))),
    ],
)
def test_format_timestamp_is_drfs_datetime_in_utc(value):
    assert format_timestamp(value) == serializers.DateTimeField().to_representation(value)
    assert format_timestamp(value).endswith("Z")
