"""Item statistics from every answer: discrimination, median time, option counts, review flags.

`question_statistics_refresh` recomputes them for every answered item (nightly, and on demand with
`manage.py refresh_question_stats`). The running totals (answers, full credit, credit) are not
touched: `questions.services.answers_record` keeps them live in the transaction of each answer.

- Discrimination is the point-biserial correlation, over the item's answers, between the score
  fraction of the answer, x = score / max_score, and the same student's score fraction on the other
  items they answered, y = (their points - their points on this item) / (their maximum - their
  maximum on this item):

      r = (n Σxy - Σx Σy) / √((n Σx² - (Σx)²) (n Σy² - (Σy)²))

  (the "corrected item-total correlation": the item itself is left out of the total so that it does
  not correlate with itself). Students who answered no other item give no y and are left out. Null
  under MIN_ANSWERS_FOR_DISCRIMINATION pairs, or when x or y does not vary. Below 0, students who do
  well elsewhere do worse on this item: a miskeyed or misleading item (`needs_review`).
- Median seconds: the middle answering time (mean of the two middle ones for an even count).
- Option counts: how often each option id was chosen (`itemtypes.chosen_options`), for distractor
  analysis.

Set-based: the sums and the medians are two grouped SQL queries over all answers (portable SQL:
PostgreSQL in production, SQLite in development); option counts stream the responses in chunks,
ordered by item. Results are written with bulk_update in batches. No query per item.
"""

import math
from collections import Counter
from collections.abc import Callable

from django.db import connection, transaction

from questions import itemtypes
from questions.models import Answer, Question

MIN_ANSWERS_FOR_DISCRIMINATION = 30
# Mean-square fit outside Linacre's "productive for measurement" range flags an item too.
FIT_RANGE = (0.5, 1.5)
BATCH = 2_000
STREAM_CHUNK = 10_000

# On `Answer._meta.db_table`. Per answer: x (this answer's score fraction) and y (the student's
# score fraction on their other items).
SUMS_SQL = """
WITH person AS (
    SELECT user_id, SUM(score) AS points, SUM(max_score) AS maximum FROM questions_answer GROUP BY user_id
), person_item AS (
    SELECT user_id, question_id, SUM(score) AS points, SUM(max_score) AS maximum
    FROM questions_answer GROUP BY user_id, question_id
), pairs AS (
    SELECT a.question_id,
           CAST(a.score AS DOUBLE PRECISION) / a.max_score AS x,
           CAST(p.points - pi.points AS DOUBLE PRECISION) / (p.maximum - pi.maximum) AS y
    FROM questions_answer a
    JOIN person p ON p.user_id = a.user_id
    JOIN person_item pi ON pi.user_id = a.user_id AND pi.question_id = a.question_id
    WHERE p.maximum > pi.maximum
)
SELECT question_id, COUNT(*), SUM(x), SUM(y), SUM(x * x), SUM(y * y), SUM(x * y)
FROM pairs GROUP BY question_id
"""

COUNT_SQL = "SELECT question_id, COUNT(*) FROM questions_answer GROUP BY question_id"

MEDIAN_SQL = """
SELECT question_id, AVG(seconds) FROM (
    SELECT question_id, seconds,
           ROW_NUMBER() OVER (PARTITION BY question_id ORDER BY seconds) AS place,
           COUNT(*) OVER (PARTITION BY question_id) AS answers
    FROM questions_answer WHERE seconds IS NOT NULL
) ranked
WHERE place IN ((answers + 1) / 2, (answers + 2) / 2)
GROUP BY question_id
"""


def point_biserial(n: int, sx: float, sy: float, sxx: float, syy: float, sxy: float) -> float | None:
    """Pearson's r from the sums of x, y, x², y², xy over n pairs (null when either does not vary)."""
    if n < MIN_ANSWERS_FOR_DISCRIMINATION:
        return None
    var_x, var_y = n * sxx - sx * sx, n * syy - sy * sy
    if var_x <= 1e-12 * n * n or var_y <= 1e-12 * n * n:
        return None
    r = (n * sxy - sx * sy) / math.sqrt(var_x * var_y)
    return round(max(-1.0, min(1.0, r)), 4)


def _needs_review(discrimination: float | None, infit: float | None, outfit: float | None) -> bool:
    low, high = FIT_RANGE
    misfit = any(fit is not None and not low <= fit <= high for fit in (infit, outfit))
    return (discrimination is not None and discrimination < 0) or misfit


def _rows(sql: str) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {_uuid(row[0]): row[1:] for row in cursor.fetchall()}


def _uuid(value):
    # SQLite hands UUID columns back as 32-character hex text.
    return Question._meta.pk.to_python(value)


def _option_counts(question_ids: list, types: dict) -> dict:
    counts: dict = {pk: Counter() for pk in question_ids}
    responses = (
        Answer.objects.filter(question_id__in=question_ids)
        .order_by("question_id")
        .values_list("question_id", "response")
        .iterator(chunk_size=STREAM_CHUNK)
    )
    for question_id, response in responses:
        counts[question_id].update(itemtypes.chosen_options(types[question_id], response))
    return {pk: dict(sorted(counter.items())) for pk, counter in counts.items()}


def question_statistics_refresh(*, progress: Callable[[int, int], None] | None = None) -> int:
    """Recomputes discrimination, median seconds, option counts and `needs_review` of every
    answered item; returns how many items were refreshed. `progress(done, total)` after each batch."""
    ids = sorted(_rows(COUNT_SQL))
    sums = _rows(SUMS_SQL)
    medians = _rows(MEDIAN_SQL)
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        items = {
            pk: rest for pk, *rest in Question.objects.filter(pk__in=batch).values_list("id", "type", "infit", "outfit")
        }
        batch = [pk for pk in batch if pk in items]  # deleted since the counts were taken
        options = _option_counts(batch, {pk: items[pk][0] for pk in batch})
        updates = []
        for pk in batch:
            _, infit, outfit = items[pk]
            discrimination = point_biserial(*sums[pk]) if pk in sums else None
            median = medians.get(pk, (None,))[0]
            updates.append(
                Question(
                    pk=pk,
                    discrimination=discrimination,
                    median_seconds=round(float(median)) if median is not None else None,
                    option_counts=options[pk],
                    needs_review=_needs_review(discrimination, infit, outfit),
                )
            )
        with transaction.atomic():
            Question.objects.bulk_update(
                updates, ["discrimination", "median_seconds", "option_counts", "needs_review"], batch_size=500
            )
        if progress:
            progress(min(start + BATCH, len(ids)), len(ids))
    return len(ids)
