"""The API's JSON renderer: DRF's output, written by orjson.

DRF's `JSONRenderer` runs the standard library's encoder with DRF's `JSONEncoder` for the types JSON
lacks. This one writes the same bytes with orjson (Rust; the 75-item body of a new practice test in
0.04 ms instead of 0.5, bench/RESULTS.md) and hands orjson everything it does not write the way DRF
does to DRF's own `JSONEncoder.default`: datetimes (DRF writes UTC as `Z`), Decimals, lazy strings,
querysets and other iterables. `core.tests.test_renderers` holds it to DRF's renderer. Not
drf-orjson-renderer: its fallback turns an unknown type into `null` instead of an error, and it
writes datetimes in orjson's format rather than DRF's.

Differences: a float in exponent form is written shorter (`1e-7`, DRF `1e-07`: the same number), a
float that is not finite is `null` (DRF's strict JSON raises, a 500), and an integer beyond 64 bits
raises (no API field holds one).
"""

import orjson
from rest_framework.renderers import JSONRenderer as DRFJSONRenderer
from rest_framework.utils.encoders import JSONEncoder

_FALLBACK = JSONEncoder().default
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS
_LINE_SEPARATOR, _PARAGRAPH_SEPARATOR = "\u2028".encode(), "\u2029".encode()


class JSONRenderer(DRFJSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None:
            return b""
        indent = self.get_indent(accepted_media_type, renderer_context or {})
        if indent:  # an `indent` media-type parameter asked for: DRF's own output
            return super().render(data, accepted_media_type, renderer_context)
        body = orjson.dumps(data, default=_FALLBACK, option=_OPTIONS)
        # As DRF: U+2028 and U+2029 escaped, so the JSON is also valid JavaScript.
        return body.replace(_LINE_SEPARATOR, rb"\u2028").replace(_PARAGRAPH_SEPARATOR, rb"\u2029")
