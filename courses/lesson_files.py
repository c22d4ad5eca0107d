"""Lesson uploads: a lesson's video (the course video rules, `courses.videos`) and a file lesson's PDF.

Rules enforced here:
- `video_file` is checked exactly as a course video (MP4, MOV or WebM by signature; MAX_VIDEO_UPLOAD_MB);
- `file` must be a PDF by its first bytes (`%PDF-`), else 415, and at most MAX_LESSON_FILE_UPLOAD_MB,
  else 413; names, extensions and the client's Content-Type are never trusted;
- both stream to a temporary file and are refused as soon as they break a rule.
"""

import uuid

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile

from core.exceptions import ApplicationError
from courses.videos import VideoUploadHandler, video_store

FILE_FOLDER = "lesson_files"
PDF_MAGIC = b"%PDF-"
FILE_FIELD = "file"
UNSUPPORTED_FILE = "Unsupported file type. Upload a PDF file."


class LessonFileTooLarge(ApplicationError):
    def __init__(self):
        super().__init__(f"File is too large (maximum {settings.MAX_LESSON_FILE_UPLOAD_MB} MB).", status=413)


class UnsupportedLessonFile(ApplicationError):
    def __init__(self):
        super().__init__(UNSUPPORTED_FILE, status=415)


def max_file_bytes() -> int:
    return settings.MAX_LESSON_FILE_UPLOAD_MB * 1024 * 1024


def is_pdf(head: bytes) -> bool:
    return head.startswith(PDF_MAGIC)


class LessonUploadHandler(VideoUploadHandler):
    """`VideoUploadHandler` for a lesson form: the `file` field is held to the PDF rules instead."""

    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        self.file_bytes = 0

    def receive_data_chunk(self, raw_data, start):
        if self.field_name == FILE_FIELD:
            self.file_bytes += len(raw_data)
            if self.file_bytes > max_file_bytes():
                self._discard()
                raise LessonFileTooLarge()
        return super().receive_data_chunk(raw_data, start)

    def _check_signature(self):
        if self.field_name != FILE_FIELD:
            return super()._check_signature()
        self.checked = True
        if not is_pdf(self.head):
            self._discard()
            raise UnsupportedLessonFile()


class LessonUploadMixin:
    """For the admin lesson views: multipart bodies are parsed by `LessonUploadHandler` only (see
    `courses.videos.VideoUploadMixin`: set before DRF reads the body, after authentication)."""

    def initialize_request(self, request, *args, **kwargs):
        request.upload_handlers = [LessonUploadHandler(request)]
        return super().initialize_request(request, *args, **kwargs)


def lesson_video_store(file: UploadedFile) -> str:
    """Store a lesson's uploaded video by the course video rules; returns the stored name."""
    return video_store(file)


def lesson_file_store(file: UploadedFile) -> str:
    """Store a file lesson's PDF under a fresh name (rules checked again on the whole file, so a caller
    that did not stream through `LessonUploadHandler` cannot bypass them); returns the stored name."""
    if file.size is not None and file.size > max_file_bytes():
        raise LessonFileTooLarge()
    file.seek(0)
    head = file.read(len(PDF_MAGIC))
    file.seek(0)
    if not is_pdf(head):
        raise UnsupportedLessonFile()
    return default_storage.save(f"{FILE_FOLDER}/{uuid.uuid4().hex}.pdf", file)
