"""Calibration, the Django side: load every answer, run `psychometrics.calibration.calibrate`, store.

The mathematics (anchored joint maximum likelihood under the partial credit model) lives in the
pure module `psychometrics.calibration`; this module only turns `Answer` rows into its long-format
arrays and writes its estimates back onto `Question` rows.

Rules:
- Every answer counts, practice and adaptive exam alike, pretest (unscored) answers included: trying
  new items on candidates is what pretest positions are for (NCSBN's own procedure).
- The items already `calibrated` are the anchors: their steps are held fixed, so the free items come
  out on the scale the bank already has (never re-centred night after night).
- A free item is stored as calibrated only with at least `CALIBRATION_MIN_RESPONSES` answers used by
  the estimation; an item the engine cannot estimate (a score nobody obtained) keeps its author values.
- An answer scored out of another maximum than the item's current `max_score` (an older version of
  an edited item) is left out: its scores are on another scale.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import transaction

from psychometrics.calibration import calibrate, misfits
from questions.bank_version import bank_changed
from questions.models import Answer, Question

#: Spacing (logits) between the derived steps of a multi-point item that has no calibrated steps.
AUTHOR_STEP_SPACING = 0.5

#: Answers read per database round trip while loading.
CHUNK_SIZE = 50_000

#: Questions written per UPDATE.
BATCH_SIZE = 1_000

Progress = Callable[[str, int, int], None]


def question_steps(*, difficulty: float, steps: list | None, max_score: int) -> np.ndarray:
    """The partial credit model's step difficulties of an item worth `max_score` points.

    Rule (one place for the whole school): the stored `steps` when there is one per point (set by
    calibration); otherwise steps derived from the one `difficulty` b, evenly spaced around it,

        δ_k = b + AUTHOR_STEP_SPACING · (k - (m + 1) / 2),   k = 1..m,

    so the item's location (the mean step) is b, each further point is a little harder to earn than
    the one before (ordered steps: partial credit is likelier than full credit for a middling
    candidate), and a one-point item is the Rasch item with δ_1 = b.
    """
    if steps is not None and len(steps) == max_score:
        return np.asarray(steps, dtype=float)
    k = np.arange(1, max_score + 1, dtype=float)
    return difficulty + AUTHOR_STEP_SPACING * (k - (max_score + 1) / 2)


@dataclass(frozen=True)
class CalibrationSummary:
    """What a run did: answers read, items estimated, items stored as calibrated, misfits flagged."""

    answers: int
    persons: int
    items_estimated: int
    items_calibrated: int
    misfitting: int
    too_few_responses: int
    unestimable: int
    iterations: int
    converged: bool


def _answer_arrays(
    question_index: dict, max_score: np.ndarray, progress: Progress | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """(person, item, score) of every usable answer, read in chunks straight into int32 arrays."""
    total = Answer.objects.count()
    person_index: dict = {}
    persons, items, scores = [], [], []
    read = 0
    rows = Answer.objects.order_by().values_list("user_id", "question_id", "score", "max_score")
    chunk_person, chunk_item, chunk_score = [], [], []
    for user_id, question_id, score, answer_max in rows.iterator(chunk_size=CHUNK_SIZE):
        read += 1
        index = question_index.get(question_id)
        if index is not None and answer_max == max_score[index]:
            chunk_person.append(person_index.setdefault(user_id, len(person_index)))
            chunk_item.append(index)
            chunk_score.append(score)
        if read % CHUNK_SIZE == 0:
            persons.append(np.array(chunk_person, dtype=np.int32))
            items.append(np.array(chunk_item, dtype=np.int32))
            scores.append(np.array(chunk_score, dtype=np.int32))
            chunk_person, chunk_item, chunk_score = [], [], []
            if progress is not None:
                progress("answers", read, total)
    persons.append(np.array(chunk_person, dtype=np.int32))
    items.append(np.array(chunk_item, dtype=np.int32))
    scores.append(np.array(chunk_score, dtype=np.int32))
    if progress is not None:
        progress("answers", read, max(total, read))
    return np.concatenate(persons), np.concatenate(items), np.concatenate(scores), len(person_index)


def questions_calibrate(*, progress: Progress | None = None) -> CalibrationSummary:
    """Re-estimates the difficulties of the bank's uncalibrated items from all answers, anchored on
    the calibrated ones (module docstring), and stores those with enough answers.

    `progress(stage, done, total)` is called while answers load ("answers") and after every
    estimation iteration ("iterations").
    """
    bank = list(Question.objects.order_by().values_list("id", "max_score", "difficulty", "steps", "calibrated"))
    question_index = {row[0]: i for i, row in enumerate(bank)}
    max_score = np.array([row[1] for row in bank], dtype=np.int64)
    person, item, score, n_persons = _answer_arrays(question_index, max_score, progress)
    anchors = {
        i: question_steps(difficulty=difficulty, steps=steps, max_score=points)
        for i, (_, points, difficulty, steps, calibrated) in enumerate(bank)
        if calibrated
    }

    def on_iteration(iteration: int, max_iterations: int, change: float) -> None:
        if progress is not None:
            progress("iterations", iteration, max_iterations)

    result = calibrate(person, item, score, max_score, anchored_steps=anchors, progress=on_iteration)
    minimum = settings.CALIBRATION_MIN_RESPONSES
    enough = [c for c in result.items if c.responses >= minimum]
    flagged = 0
    updates = []
    for calibration in enough:
        question_id = bank[calibration.index][0]
        misfitting = misfits(calibration.infit, calibration.outfit)
        flagged += misfitting
        steps = [float(s) for s in calibration.steps]
        updates.append(
            Question(
                id=question_id,
                difficulty=float(np.mean(calibration.steps)),
                steps=steps if len(steps) > 1 else None,
                calibrated=True,
                infit=calibration.infit,
                outfit=calibration.outfit,
                needs_review=misfitting,
            )
        )
    # A misfit flags an item for review; a good fit never clears a flag set for another reason
    # (negative discrimination), so the flag is only ever raised here.
    already_flagged = set(
        Question.objects.filter(id__in=[u.id for u in updates], needs_review=True).values_list("id", flat=True)
    )
    for update in updates:
        update.needs_review = update.needs_review or update.id in already_flagged
    with transaction.atomic():
        Question.objects.bulk_update(
            updates,
            ["difficulty", "steps", "calibrated", "infit", "outfit", "needs_review"],
            batch_size=BATCH_SIZE,
        )
        bank_changed()  # new difficulties: what an adaptive exam reads (bulk_update sends no signal)
    return CalibrationSummary(
        answers=int(person.size),
        persons=n_persons,
        items_estimated=len(result.items),
        items_calibrated=len(updates),
        misfitting=flagged,
        too_few_responses=len(result.items) - len(enough),
        unestimable=len(result.unestimable_items),
        iterations=result.iterations,
        converged=result.converged,
    )
