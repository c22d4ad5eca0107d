"""The project's JSON parser: DRF's, plus a clear 400 for JSON nested too deeply to parse.

Python's `json` raises `RecursionError` (not a `ValueError`) on a document nested deeper than the
interpreter's recursion limit, e.g. `[[[[...]]]]` ten thousand levels deep; DRF only turns
`ValueError`s into its 400 "JSON parse error", so that body was a 500.

`LargeJSONParser` is the same JSON for the few views allowed bodies over DATA_UPLOAD_MAX_MEMORY_SIZE.
"""

import io

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply.") from None


def max_video_bytes() -> int:
    """The largest video upload, MAX_VIDEO_UPLOAD_MB: refused before the body is read (core.asgi)
    and while it streams (courses.videos)."""
    return settings.MAX_VIDEO_UPLOAD_MB * 1024 * 1024


def video_too_large() -> str:
    """The one message of a video over `max_video_bytes` (413)."""
    return f"Video file is too large (maximum {settings.MAX_VIDEO_UPLOAD_MB} MB)."


def view_body_limit(view) -> int | None:
    """The body cap a view sets for itself, in bytes: the setting named by its `max_body_setting`
    (a class attribute), or None for the project-wide DATA_UPLOAD_MAX_MEMORY_SIZE. Read by
    `LargeJSONParser` and by `core.asgi.BodyLimitMiddleware`, so both gates apply one number."""
    name = getattr(view, "max_body_setting", None)
    return getattr(settings, name) if name else None


# Rendered by core.exceptions as the one 413 body (not imported from there: DRF imports this module first).
TOO_BIG = "Request body exceeded the view's max_body_setting."


class LargeJSONParser(parsers.BaseParser):
    """JSON for a view whose bodies may exceed DATA_UPLOAD_MAX_MEMORY_SIZE (the question import: 5,000
    items), up to the view's own cap (`view_body_limit`); over it, 413 as anywhere else. Deliberately
    not a subclass of DRF's JSONParser: DRF reads a body for those through `request.body`, which Django
    caps at DATA_UPLOAD_MAX_MEMORY_SIZE. The cap is checked on Content-Length before a byte is read,
    and on the bytes read (one past the cap at most)."""

    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        limit = view_body_limit(parser_context.get("view"))
        if limit is not None:
            length = parser_context["request"].META.get("CONTENT_LENGTH") or 0
            if int(length) > limit:
                raise RequestDataTooBig(TOO_BIG)
        raw = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(raw) > limit:
            raise RequestDataTooBig(TOO_BIG)
        return JSONParser().parse(io.BytesIO(raw), media_type, parser_context)
