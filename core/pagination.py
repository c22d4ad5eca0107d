"""Lists are plain JSON arrays unless the client asks for a page with `?limit=`.

With `?limit=N&offset=M` the body is `{"count", "next", "previous", "results"}` (limit capped at
100). A view over a table that grows without bound sets `unpaginated_cap` so that a request without
`limit` still returns a bounded array (its newest rows, as ordered by the view).
"""

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response

MAX_OFFSET = 2**31 - 1


class OptionalLimitOffsetPagination(LimitOffsetPagination):
    max_limit = 100

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        if self.limit_query_param not in request.query_params:
            self.limit = None
            cap = getattr(view, "unpaginated_cap", None)
            return list(queryset[:cap]) if cap else None
        self.limit = self._read(request, self.limit_query_param, minimum=1, maximum=None)
        self.limit = min(self.limit, self.max_limit)
        self.offset = self._read(request, self.offset_query_param, minimum=0, maximum=MAX_OFFSET, default=0)
        self.count = self.get_count(queryset)
        if self.count == 0 or self.offset > self.count:
            return []
        return list(queryset[self.offset : self.offset + self.limit])

    def get_paginated_response(self, data):
        if self.limit is None:
            return Response(data)
        return super().get_paginated_response(data)

    def get_paginated_response_schema(self, schema):
        # What the list really answers: the plain array, or the page object when `limit` is given.
        return {"oneOf": [schema, super().get_paginated_response_schema(schema)]}

    def get_schema_operation_parameters(self, view):
        bounds = {
            self.limit_query_param: {"minimum": 1},  # above max_limit is capped, not refused
            self.offset_query_param: {"minimum": 0, "maximum": MAX_OFFSET},
        }
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters

    @staticmethod
    def _read(request, name, *, minimum, maximum, default=None):
        raw = request.query_params.get(name)
        if raw is None:
            return default
        try:
            value = int(raw)
        except ValueError:
            raise ValidationError({name: ["A whole number is required."]}) from None
        if value < minimum or (maximum is not None and value > maximum):
            bound = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
            raise ValidationError({name: [f"Must be {bound}."]})
        return value
