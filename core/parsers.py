"""The project's JSON parser: DRF's, plus a clear 400 for JSON nested too deeply to parse.

Python's `json` raises `RecursionError` (not a `ValueError`) on a document nested deeper than the
interpreter's recursion limit, e.g. `[[[[...]]]]` ten thousand levels deep; DRF only turns
`ValueError`s into its 400 "JSON parse error", so that body was a 500.
"""

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply.") from None
