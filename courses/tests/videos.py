"""Tiny files with real video signatures (and some impostors) for upload tests."""

from django.core.files.uploadedfile import SimpleUploadedFile

# An ISO-BMFF `ftyp` box: size, "ftyp", major brand, minor version, compatible brands.
MP4_HEAD = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"
MOV_HEAD = b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  "
# An EBML header whose DocType (0x4282) is "webm", as a browser's MediaRecorder writes it.
WEBM_HEAD = bytes.fromhex("1a45dfa3 9f 4286810142f7810142f2810442f38108 4282 84 7765626d 4287810442858102")
# Same EBML magic, but a Matroska (.mkv) DocType: not WebM.
MATROSKA_HEAD = bytes.fromhex("1a45dfa3 a3 4286810142f7810142f2810442f38108 4282 88") + b"matroska"


def video_bytes(head: bytes = MP4_HEAD, size: int = 4096) -> bytes:
    return head + b"\x00" * (size - len(head))


def upload(data: bytes, name: str = "lecture.mp4", content_type: str = "video/mp4") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def mp4_upload(size: int = 4096, name: str = "lecture.mp4") -> SimpleUploadedFile:
    return upload(video_bytes(MP4_HEAD, size), name=name)


def signed_name(url: str) -> str | None:
    """The stored file name a local signed media link (`courses.videos.signed_media_url`) opens."""
    from courses.videos import signed_media_name

    token = url.split("/api/media/", 1)[1].rstrip("/")
    return signed_media_name(token)
