"""Course video files: what counts as a video, how an upload reaches the disk, where it is stored.

Rules enforced here (CONTRACT §2, "Video upload"):
- the type is decided by the file's first bytes (MP4, MOV, WebM), never by its name or the
  client's Content-Type: anything else is 415;
- a file over `MAX_VIDEO_UPLOAD_MB` is 413 and nothing is kept;
- the body streams to a temporary file in 64 KiB chunks, so memory stays flat whatever the size;
- the file is saved through Django's storage API (local media or S3), under a name we choose;
- a stored file is never public: clients get `signed_media_url(name)`, a link that works for
  `SIGNED_MEDIA_URL_SECONDS` only (an S3 presigned URL, or this API's signed `/api/media/<token>/`
  route, `courses.media`), handed out only to a requester with access.
"""

import logging
import uuid

from django.conf import settings
from django.core import signing
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler

from core.exceptions import ApplicationError
from core.parsers import max_video_bytes, video_too_large

logger = logging.getLogger(__name__)

VIDEO_FOLDER = "course_videos"
# Enough bytes to see an ISO-BMFF `ftyp` box and a WebM EBML header's DocType.
SIGNATURE_BYTES = 64
# Classic QuickTime files may open with one of these atoms instead of `ftyp`.
QUICKTIME_ATOMS = (b"moov", b"mdat", b"wide")
EBML_MAGIC = b"\x1a\x45\xdf\xa3"

UNSUPPORTED_TYPE = "Unsupported video type. Upload an MP4, MOV or WebM file."


class VideoTooLarge(ApplicationError):
    def __init__(self):
        super().__init__(video_too_large(), status=413)


class UnsupportedVideoType(ApplicationError):
    def __init__(self):
        super().__init__(UNSUPPORTED_TYPE, status=415)


def video_format(head: bytes) -> str | None:
    """The container format named by a file's first bytes (`mp4`, `mov`, `webm`), or None.

    MP4 and MOV are ISO base media files: a box size, then `ftyp` at offset 4 and a major brand
    (`qt  ` for QuickTime). WebM is EBML (1A 45 DF A3) whose DocType is `webm`; other Matroska
    files share the magic but are not WebM, so the DocType is checked too.
    """
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "mov" if head[8:12] == b"qt  " else "mp4"
    if len(head) >= 8 and head[4:8] in QUICKTIME_ATOMS:
        return "mov"
    if head.startswith(EBML_MAGIC) and b"webm" in head[:SIGNATURE_BYTES]:
        return "webm"
    return None


def uploaded_video_format(file: UploadedFile) -> str:
    """The format of an uploaded file, read from its content; 415 when it is not a video we take."""
    file.seek(0)
    head = file.read(SIGNATURE_BYTES)
    file.seek(0)
    kind = video_format(head)
    if kind is None:
        raise UnsupportedVideoType()
    return kind


class VideoUploadHandler(TemporaryFileUploadHandler):
    """Streams multipart files to a temporary file and gives up as soon as the upload breaks a rule.

    Installed per view (see `VideoUploadMixin`) instead of Django's default pair, whose in-memory
    handler would hold small files in RAM and whose temporary-file handler has no size limit:
    - before reading a byte, a Content-Length already over the cap is refused (413);
    - while reading, the running total of file bytes is checked against the cap (Content-Length
      can be absent with chunked encoding, or lie);
    - the first bytes of each file are checked against the video signatures, so a 1 GB text file
      is refused after 64 bytes, not after it has been copied to disk (415).
    On refusal the partial temporary file is closed, which deletes it.
    """

    # Non-file form fields (title, description...) are capped by DATA_UPLOAD_MAX_MEMORY_SIZE; allow
    # that much plus multipart framing on top of the file cap before refusing on Content-Length.
    FRAMING_ALLOWANCE = 64 * 1024

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = max_video_bytes()
        self.total = 0
        self.head = b""
        self.checked = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        form_fields = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
        if content_length and content_length > self.limit + form_fields + self.FRAMING_ALLOWANCE:
            raise VideoTooLarge()

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.head = b""
        self.checked = False

    def receive_data_chunk(self, raw_data, start):
        self.total += len(raw_data)
        if self.total > self.limit:
            self._discard()
            raise VideoTooLarge()
        if not self.checked:
            self.head += raw_data[: SIGNATURE_BYTES - len(self.head)]
            if len(self.head) >= SIGNATURE_BYTES:
                self._check_signature()
        return super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size):
        if not self.checked:  # a file shorter than SIGNATURE_BYTES
            self._check_signature()
        return super().file_complete(file_size)

    def _check_signature(self):
        self.checked = True
        if video_format(self.head) is None:
            self._discard()
            raise UnsupportedVideoType()

    def _discard(self):
        # A NamedTemporaryFile is deleted when closed.
        self.file.close()


class VideoUploadMixin:
    """For DRF views that accept `video_file`: parse multipart bodies with `VideoUploadHandler` only.

    The handlers must be in place before anything reads the body; DRF parses lazily (on first access
    to `request.data`, after authentication and permission checks), so setting them on the Django
    request while the DRF request is being built is early enough, and an anonymous or non-admin
    upload is refused before a byte of it is read.
    """

    def initialize_request(self, request, *args, **kwargs):
        request.upload_handlers = [VideoUploadHandler(request)]
        return super().initialize_request(request, *args, **kwargs)


def video_store(file: UploadedFile) -> str:
    """Save an uploaded video to the default storage under a fresh name; returns the stored name.

    Enforces the type (415) and size (413) rules again on the complete file, so a caller that did
    not stream through `VideoUploadHandler` cannot bypass them. The client's file name is not used.
    """
    if file.size is not None and file.size > max_video_bytes():
        raise VideoTooLarge()
    kind = uploaded_video_format(file)
    # With a local storage and a temporary upload this is a rename, not a copy.
    return default_storage.save(f"{VIDEO_FOLDER}/{uuid.uuid4().hex}.{kind}", file)


# What a local signed link's token is signed for: a token made for anything else never opens a file.
MEDIA_SIGNING_SALT = "courses.media"


def media_is_on_s3() -> bool:
    return bool(settings.AWS_STORAGE_BUCKET_NAME)


def signed_media_url(name: str) -> str:
    """A short-lived URL for the stored file `name` (a course or lesson video, a lesson's PDF): it
    opens the file for `SIGNED_MEDIA_URL_SECONDS`, then stops working.

    On S3 it is the storage's presigned URL (django-storages, `AWS_QUERYSTRING_AUTH`); locally it is
    `/api/media/<token>/` (`courses.media.SignedMediaView`, which serves HTTP Range requests), where
    the token is `name` signed with SECRET_KEY and the time of signing: absolute under
    PUBLIC_BASE_URL, else root-relative (a view makes it absolute with `request.build_absolute_uri`,
    which leaves an absolute URL alone). Sign when answering, never store or cache the result: call
    it only for a requester who has access to the file."""
    if media_is_on_s3():
        return default_storage.url(name, expire=settings.SIGNED_MEDIA_URL_SECONDS)
    token = signing.dumps(name, salt=MEDIA_SIGNING_SALT, compress=False)
    return f"{settings.PUBLIC_BASE_URL}/api/media/{token}/"


class MediaLinkExpired(ApplicationError):
    def __init__(self):
        super().__init__("This media link has expired. Reload the page for a new one.", status=403)


def signed_media_name(token: str) -> str | None:
    """The stored file name a local signed link's token was made for; None for a forged or altered
    token; `MediaLinkExpired` (403) once it is older than `SIGNED_MEDIA_URL_SECONDS`."""
    try:
        name = signing.loads(token, salt=MEDIA_SIGNING_SALT, max_age=settings.SIGNED_MEDIA_URL_SECONDS)
    except signing.SignatureExpired:
        raise MediaLinkExpired() from None
    except signing.BadSignature:
        return None
    return name if isinstance(name, str) and name else None


def is_signed_media_url_of(url: str, name: str) -> bool:
    """Whether `url` is a link `signed_media_url` made for `name` (expired or not): what a client
    sends back when it saves the course it read, which keeps the stored file rather than replacing
    it with a link to itself."""
    if not name or not url:
        return False
    if media_is_on_s3():
        return url.split("?", 1)[0] == default_storage.url(name, expire=1).split("?", 1)[0]
    path = url.split("?", 1)[0].rstrip("/")
    token = path.rsplit("/api/media/", 1)[-1] if "/api/media/" in path else ""
    try:
        return signing.loads(token, salt=MEDIA_SIGNING_SALT) == name
    except signing.BadSignature:
        return False


def video_delete(name: str) -> None:
    """Remove a stored video. Never raises: a leftover file is logged, not a failed request."""
    if not name:
        return
    try:
        default_storage.delete(name)
    except Exception:
        logger.exception("Could not delete stored video %s", name)
