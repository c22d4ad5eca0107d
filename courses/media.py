"""The local signed media route, `GET /api/media/<token>/` (CONTRACT §2): how a stored video or PDF
reaches a player when the files are on this server's disk rather than on S3.

The token (`courses.videos.signed_media_url`) is the capability: it names one stored file and stops
working `SIGNED_MEDIA_URL_SECONDS` after it was issued, so no JWT is needed (a `<video>` element
cannot send one). Media is never served at `/media/`: only through this route.

Range requests (RFC 9110 §14) let players seek: one `bytes=` range is answered 206 with its
`Content-Range`, a range past the end 416 with `Content-Range: bytes */size`; a header that is not
a single byte range is ignored and the whole file sent (200), as the RFC allows.
"""

import mimetypes
import re

from django.core.files.storage import default_storage
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from core import schema
from core.negotiation import FirstRendererNegotiation
from courses.videos import signed_media_name

CHUNK_BYTES = 64 * 1024
SINGLE_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
RANGE_NOT_SATISFIABLE = "Requested range not satisfiable."


def byte_range(header: str, size: int) -> tuple[int, int] | bool | None:
    """The inclusive (first, last) byte positions a `Range` header asks for in a file of `size`
    bytes; None when the header is absent or not one byte range (send the whole file); False when
    it is one but none of it is in the file (416)."""
    match = SINGLE_RANGE.match(header.strip()) if header else None
    if match is None or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":  # `bytes=-N`: the last N bytes
        if int(last) == 0 or size == 0:
            return False
        return max(size - int(last), 0), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if last and int(last) < start:
        return None  # an invalid range: ignored (RFC 9110 §14.1.1)
    if start >= size:
        return False
    return start, end


def _chunks(file, remaining: int):
    try:
        while remaining > 0:
            chunk = file.read(min(CHUNK_BYTES, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        file.close()


class SignedMediaView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    # A player sends many Range requests while seeking; the token already limits what they reach.
    throttle_classes = []
    # A player asks for video/*: the answer is the file, and an error is JSON.
    content_negotiation_class = FirstRendererNegotiation

    @extend_schema(
        tags=["courses"],
        summary="A stored video or PDF, by a signed link",
        description="The `video_url` / `file_url` the API hands to a requester with access, when media is "
        "stored on this server. No token needed: the link is the capability and expires after "
        "`SIGNED_MEDIA_URL_SECONDS`. Supports `Range: bytes=first-last` (206, `Content-Range`; 416 past the end).",
        parameters=[
            OpenApiParameter("token", OpenApiTypes.STR, OpenApiParameter.PATH),
            OpenApiParameter("Range", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False),
        ],
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description="The whole file."),
            (206, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description="The range asked."),
            403: schema.error("`This media link has expired. Reload the page for a new one.`"),
            404: schema.error("Not found: a forged or altered link, or a file no longer stored."),
            416: schema.error(f"`{RANGE_NOT_SATISFIABLE}` (with `Content-Range: bytes */size`)."),
        },
    )
    def get(self, request, token: str):
        name = signed_media_name(token)
        if name is None or not default_storage.exists(name):
            raise NotFound()
        size = default_storage.size(name)
        wanted = byte_range(request.headers.get("Range", ""), size)
        if wanted is False:
            response = JsonResponse({"detail": RANGE_NOT_SATISFIABLE}, status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        first, last = wanted if wanted else (0, size - 1)
        length = last - first + 1 if size else 0
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if request.method == "HEAD":
            response = HttpResponse(content_type=content_type)
        else:
            file = default_storage.open(name, "rb")
            file.seek(first)
            response = StreamingHttpResponse(_chunks(file, length), content_type=content_type)
        if wanted:
            response.status_code = 206
            response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Length"] = str(length)
        response["Accept-Ranges"] = "bytes"
        # Only this browser may keep it, and not beyond the link's own life.
        response["Cache-Control"] = "private, no-transform"
        response["Content-Disposition"] = "inline"
        return response
