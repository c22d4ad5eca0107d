"""Reads for a course's outline, lesson progress and certificates (CONTRACT §11).

Who may open a lesson is the course's access rule (`courses.selectors.has_access`, carried by the
catalogue row as `has_access`) plus one exception: a free-preview lesson opens for anyone signed in.
Every list here is a fixed number of queries whatever its length.
"""

from collections.abc import Callable

from django.db.models import QuerySet

from accounts.models import User
from courses.models import Certificate, Lesson, LessonProgress, Section
from courses.videos import signed_media_url

UrlBuilder = Callable[[str], str]


def stored_file_url(name: str, build_absolute_uri: UrlBuilder) -> str:
    """The URL a client fetches a stored lesson file from: a short-lived signed link
    (`courses.videos.signed_media_url`), made when answering and only for who may open the lesson."""
    return build_absolute_uri(signed_media_url(name))


def lesson_is_open(*, user: User, course: dict, is_preview: bool) -> bool:
    """`course` is a catalogue row (`course_catalogue_entry`): its `has_access` is the school's rule."""
    return course["has_access"] or (is_preview and user.is_authenticated)


def lesson_content(lesson: dict, *, build_absolute_uri: UrlBuilder) -> dict:
    """A lesson's `video_url`, `body` and `file_url` (None where it has none)."""
    if lesson["video_file"]:
        video_url = stored_file_url(lesson["video_file"], build_absolute_uri)
    else:
        video_url = lesson["video_url"] or None
    return {
        "video_url": video_url,
        "body": lesson["body"] or None,
        "file_url": stored_file_url(lesson["file"], build_absolute_uri) if lesson["file"] else None,
    }


LESSON_COLUMNS = (
    "id",
    "section_id",
    "title",
    "position",
    "kind",
    "video_url",
    "video_file",
    "file",
    "body",
    "duration_seconds",
    "is_preview",
)
HIDDEN = {"video_url": None, "body": None, "file_url": None}


def course_outline(*, user: User, course: dict, build_absolute_uri: UrlBuilder) -> dict:
    """A published course's `sections` (each with its ordered `lessons`), `total_lessons` and
    `total_duration_seconds`, as `user` may see them: lesson content is null unless the lesson is open
    to them (`lesson_is_open`). Two queries: the sections, then their lessons."""
    sections = list(
        Section.objects.filter(course_id=course["id"]).order_by("position").values("id", "title", "position")
    )
    by_section = {row["id"]: {**row, "lessons": []} for row in sections}
    lessons = Lesson.objects.filter(section__course_id=course["id"]).order_by("position").values(*LESSON_COLUMNS)
    total_duration = total_lessons = 0
    for lesson in lessons:
        total_lessons += 1
        total_duration += lesson["duration_seconds"]
        is_open = lesson_is_open(user=user, course=course, is_preview=lesson["is_preview"])
        content = lesson_content(lesson, build_absolute_uri=build_absolute_uri) if is_open else HIDDEN
        by_section[lesson["section_id"]]["lessons"].append({**lesson, **content})
    return {
        "sections": list(by_section.values()),
        "total_lessons": total_lessons,
        "total_duration_seconds": total_duration,
    }


def lesson_stored_files(*, course_id) -> list[str]:
    """The names of every file stored for a course's lessons (to remove with the course)."""
    names = []
    for video_file, file in Lesson.objects.filter(section__course_id=course_id).values_list("video_file", "file"):
        names += [name for name in (video_file, file) if name]
    return names


def section_admin_list(*, course_id) -> QuerySet[Section]:
    return Section.objects.filter(course_id=course_id).order_by("position")


def lesson_admin_list(*, section_id) -> QuerySet[Lesson]:
    return Lesson.objects.filter(section_id=section_id).order_by("position")


def lesson_progress_list(*, user: User, course_id=None) -> QuerySet[dict]:
    """`user`'s lesson rows in published courses (only `course_id`'s when given), latest first, as
    dicts of the columns `LessonProgressSerializer` shows: where to resume each lesson."""
    rows = LessonProgress.objects.filter(user=user, lesson__section__course__is_published=True)
    if course_id is not None:
        rows = rows.filter(lesson__section__course_id=course_id)
    return rows.order_by("-updated_at").values("lesson_id", "position_seconds", "completed_at", "updated_at")


def certificate_list(*, user: User) -> QuerySet[Certificate]:
    """`user`'s own certificates, newest first (revoked ones too, shown as not valid)."""
    return Certificate.objects.filter(user=user).order_by("-issued_at")
