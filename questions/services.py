"""Writes to the question bank that practice tests and adaptive exams share: recording answers.

Authoring (create, edit with versions, publish, import) lives beside this, in `questions.authoring`.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Value, When

from accounts.models import User
from core.exceptions import INVALID_INPUT, ApplicationError
from questions import itemtypes
from questions.models import Answer, AnswerSource, PerformanceGroup, PerformanceTotal, Question, QuestionVersion


def response_validate(*, version: QuestionVersion, item_type: str, response) -> None:
    """A response of the wrong shape for its item is a 400 whose `errors` name the path
    (`response.selected`): it is never scored and changes nothing."""
    errors = itemtypes.validate_response(item_type, version.content, response)
    if errors:
        raise ApplicationError(INVALID_INPUT, errors=errors)


@dataclass(frozen=True)
class AnswerDraft:
    """A validated response, ready to be scored and stored."""

    user: User
    question: Question
    version: QuestionVersion
    response: object
    answered_at: datetime
    source: str = AnswerSource.PRACTICE
    scored: bool = True
    seconds: int | None = None


def answers_record(drafts: list[AnswerDraft]) -> list[Answer]:
    """Scores each response against the key of the version the student saw (NCSBN's rule for its
    type, `questions.itemtypes.score`) and stores the answers, then adds them to their items'
    running totals (answers, full credit, credit) in one UPDATE. Two queries whatever the count.
    Call inside the transaction that links the answers to their test or exam."""
    if not drafts:
        return []
    answers = []
    for draft in drafts:
        item_type = draft.question.type
        score = itemtypes.score(item_type, draft.version.content, draft.version.answer, draft.response)
        answers.append(
            Answer(
                user=draft.user,
                question=draft.question,
                version=draft.version,
                source=draft.source,
                response=draft.response,
                score=score,
                max_score=draft.version.max_score,
                scored=draft.scored,
                seconds=draft.seconds,
                answered_at=draft.answered_at,
            )
        )
    return answers_store(answers)


def answers_store(answers: list[Answer]) -> list[Answer]:
    """Stores scored answers (each with its `question` loaded) and adds them to their items' running
    totals and to their students' performance totals: three queries whatever the count. Everything
    that records answers goes through here, `answers_record` and the tests' factories alike."""
    Answer.objects.bulk_create(answers)
    _running_totals_add(answers)
    _performance_totals_add(answers)
    return answers


def _running_totals_add(answers: list[Answer]) -> None:
    count: dict = defaultdict(int)
    full: dict = defaultdict(int)
    credit: dict = defaultdict(float)
    for answer in answers:
        count[answer.question_id] += 1
        full[answer.question_id] += int(answer.score == answer.max_score)
        credit[answer.question_id] += answer.score / answer.max_score

    def per_item(values: dict, field):
        return Case(*[When(pk=pk, then=Value(v)) for pk, v in values.items()], default=Value(0), output_field=field)

    Question.objects.filter(pk__in=list(count)).update(
        answer_count=F("answer_count") + per_item(count, IntegerField()),
        full_credit_count=F("full_credit_count") + per_item(full, IntegerField()),
        credit_sum=F("credit_sum") + per_item(credit, FloatField()),
    )


# PostgreSQL and SQLite alike: add to a row, or create it.
_PERFORMANCE_UPSERT = (
    'INSERT INTO questions_performancetotal ("user_id", "group", "key", "answered", "earned", "possible") '
    "VALUES {rows} "
    'ON CONFLICT ("user_id", "group", "key") DO UPDATE SET '
    '"answered" = questions_performancetotal."answered" + excluded."answered", '
    '"earned" = questions_performancetotal."earned" + excluded."earned", '
    '"possible" = questions_performancetotal."possible" + excluded."possible"'
)


def _performance_totals_add(answers: list[Answer]) -> None:
    """Adds the answers to `PerformanceTotal`: per student, one row per client need, item type, step
    and week (Monday, UTC), each incremented in one upsert. Rows are written in key order, so two
    transactions adding to one student's rows cannot deadlock."""
    increments: dict = defaultdict(lambda: [0, 0, 0])
    for answer in answers:
        question = answer.question
        monday = answer.answered_at.astimezone(UTC).date()
        monday -= timedelta(days=monday.weekday())
        keys = {
            PerformanceGroup.CLIENT_NEED: question.client_need,
            PerformanceGroup.TYPE: question.type,
            PerformanceGroup.CJMM_STEP: question.cjmm_step,
            PerformanceGroup.WEEK: monday.isoformat(),
        }
        for group, key in keys.items():
            if key:
                row = increments[(str(answer.user_id), group, key)]
                row[0] += 1
                row[1] += answer.score
                row[2] += answer.max_score
    if not increments:
        return
    user_field = PerformanceTotal._meta.get_field("user")
    params = []
    for (user_id, group, key), (answered, earned, possible) in sorted(increments.items()):
        params += [user_field.get_db_prep_value(user_id, connection), group, key, answered, earned, possible]
    rows = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(increments))
    with connection.cursor() as cursor:
        cursor.execute(_PERFORMANCE_UPSERT.format(rows=rows), params)
