"""Serializer pieces every app uses."""

from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.settings import api_settings

from core.money import format_money
from core.timestamps import format_timestamp


class FormBooleanField(serializers.BooleanField):
    # DRF reads a boolean left out of a multipart form as False; here it is "not sent", so a PATCH
    # that uploads a new video does not unpublish the course.
    default_empty_html = empty


def _verbatim(value):
    return value


# How each kind of declared field writes a value that is not None, in one plain call. These are the
# values DRF's own fields write for the row types our selectors return (str, int, bool, UUID, Decimal,
# aware datetimes); core/tests/test_fast_output.py checks them against DRF's fields.
_FAST_WRITERS = {
    serializers.UUIDField: str,
    serializers.DateTimeField: format_timestamp,
    serializers.CharField: _verbatim,
    serializers.EmailField: _verbatim,
    serializers.IntegerField: _verbatim,
    serializers.BooleanField: _verbatim,
    serializers.ChoiceField: _verbatim,
}


def _fast_writer(field: serializers.Field):
    if isinstance(field, serializers.DecimalField):
        as_string = getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING)
        plain = as_string and field.decimal_places == 2 and not (field.localize or field.normalize_output)
        return format_money if plain else field.to_representation
    writer = _FAST_WRITERS.get(type(field))
    return writer if writer is not None else field.to_representation


class FastOutputSerializer(serializers.Serializer):
    """An output-only serializer that writes a row in one step, from its declared fields.

    DRF's `Serializer.to_representation` spends a few microseconds per field per row, most of a long
    list's serializer time (bench/RESULTS.md). This base reads the declared fields once per class and
    keeps, per field, the key it reads and one plain function that writes its value, so a field is
    declared once: for the OpenAPI schema and for the output alike.

    A row is a dict (a selector's `.values()` row) or a model instance, read through its `__dict__`
    (columns by attname: `user_id` for a foreign key). A field reads `source` (its name by default);
    a `SerializerMethodField` calls `get_<name>(row)` with the row as given. Like DRF, a value of None
    is written as null. UUID, datetime, two-place decimal, text, number and boolean fields are written
    without DRF's per-field machinery; any other field through its own `to_representation`.
    """

    def _fast_plan(self) -> list[tuple]:
        cls = type(self)
        plan = cls.__dict__.get("_fast_plan_cache")
        if plan is None:
            plan = []
            for name, field in self.fields.items():
                if field.write_only:
                    continue
                if isinstance(field, serializers.SerializerMethodField):
                    plan.append((name, None, field.method_name))
                elif "." in field.source or field.source == "*":
                    raise TypeError(f"{cls.__name__}.{name}: a fast output field reads one key, not {field.source!r}")
                else:
                    plan.append((name, field.source, _fast_writer(field)))
            cls._fast_plan_cache = plan
        return plan

    def to_representation(self, instance) -> dict:
        row = instance if isinstance(instance, dict) else vars(instance)
        output = {}
        for name, source, write in self._fast_plan():
            if source is None:
                output[name] = getattr(self, write)(instance)
            else:
                value = row[source]
                output[name] = None if value is None else write(value)
        return output
