"""The adaptive exam's state changes: start a sitting, answer its current item, settle it.

Every change to a sitting happens with its row locked (`select_for_update`), so two requests for one
exam (a double click, two tabs) are applied one after the other: the second sees the position the
first one left. A sitting past its deadline is settled by the time rule on the next request that
touches it, and every minute by `exams.tasks.exams_settle_expired`.
"""

import secrets
from dataclasses import replace
from datetime import timedelta
from uuid import UUID

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from core.exceptions import ApplicationError
from core.timestamps import format_timestamp
from exams import sitting
from exams.models import AdaptiveExam, ExamItem, ExamStatus, StopReason
from psychometrics import cat
from questions.calibrate import question_steps
from questions.models import AnswerSource, Question, QuestionVersion
from questions.services import AnswerDraft, answers_record, response_validate

IN_PROGRESS = "You already have an exam in progress."
NOT_ENOUGH = "Not enough calibrated questions for an adaptive exam."
NOT_CURRENT = "Answer the current question."
FINISHED = "This exam is finished."


def _in_progress(exam_id: UUID) -> ApplicationError:
    """409 with the exam in progress's id beside `detail` (CONTRACT §8), so the client can resume it."""
    return ApplicationError(IN_PROGRESS, status=409, extra={"id": str(exam_id)})


def _seen_before(*, user: User, exam: AdaptiveExam) -> np.ndarray:
    """The items `user` was presented in their other exams within EXAM_REPEAT_EXCLUSION_DAYS, as
    `exams.sitting.hex_ids` (this exam's own items the sitting knows itself).

    Read once per sitting and kept in the shared cache until after its deadline, so an answer does
    not read a history that grows with every exam: a student has one exam in progress at a time,
    so nothing adds to their other exams meanwhile (an item that leaves the window during the five
    hours stays excluded until the sitting ends). A cache miss or outage reads the database again."""
    key = f"exams:seen-before:{exam.pk}"
    cached = cache.get(key)
    if cached is not None:
        return np.frombuffer(cached, dtype="S32")
    since = timezone.now() - timedelta(days=settings.EXAM_REPEAT_EXCLUSION_DAYS)
    rows = ExamItem.objects.filter(exam__user=user, presented_at__gte=since).exclude(exam=exam)
    seen = np.unique(sitting.hex_ids(rows.values_list("question_id", flat=True)))
    timeout = max(0, (exam.deadline - timezone.now()).total_seconds()) + 3600
    cache.set(key, seen.tobytes(), timeout=timeout)
    return seen


def _present(*, exam: AdaptiveExam, position: int, choice: sitting.NextItem, now) -> ExamItem:
    """Stores the item shown at `position`, on the version the student sees now."""
    version = (
        QuestionVersion.objects.select_related("question__case_study")
        .filter(question_id=choice.question_id, number=F("question__version"))
        .first()
    )
    if version is None:
        # An item never answered may have no snapshot yet: take it now, as the first answer would.
        question = Question.objects.select_related("case_study").get(pk=choice.question_id)
        version, _ = QuestionVersion.objects.get_or_create(
            question=question,
            number=question.version,
            defaults={
                "stem": question.stem,
                "content": question.content,
                "answer": question.answer,
                "rationale": question.rationale,
                "max_score": question.max_score,
            },
        )
        version.question = question
    item = ExamItem.objects.create(
        exam=exam,
        position=position,
        question=version.question,
        version=version,
        pretest=choice.pretest,
        case_study_id=choice.case_study_id,
        presented_at=now,
    )
    item.version = version
    return item


def exam_start(*, user: User, exam: str) -> tuple[AdaptiveExam, ExamItem]:
    """Starts an adaptive exam and presents its first item.

    Rules: one exam in progress per user (409 with its id; the partial unique constraint
    `exams_one_in_progress_per_user` is the guard when two starts race); the bank must support a
    whole exam (`exams.sitting.bank_supports_exam`, else 400); the deadline is the start plus
    EXAM_TIME_LIMIT_SECONDS; the case-study and pretest positions are drawn once, from the seed."""
    existing = AdaptiveExam.objects.filter(user=user, status=ExamStatus.IN_PROGRESS).values_list("id", flat=True)
    for exam_id in existing:
        raise _in_progress(exam_id)
    bank = sitting.bank_load(user=user, exam=exam)
    if not sitting.bank_supports_exam(bank, exam):
        raise ApplicationError(NOT_ENOUGH)
    seed = secrets.randbits(62)
    case_starts, pretest = sitting.plan_positions(bank=bank, exam=exam, seed=seed)
    now = timezone.now()
    try:
        with transaction.atomic():
            adaptive = AdaptiveExam.objects.create(
                user=user,
                exam=exam,
                started_at=now,
                deadline=now + timedelta(seconds=settings.EXAM_TIME_LIMIT_SECONDS),
                passing_standard=sitting.passing_standard(exam),
                pretest_positions=pretest,
                case_study_positions=case_starts,
                seed=seed,
            )
            choice = sitting.next_item(
                bank=bank,
                exam=exam,
                seed=seed,
                presented=[],
                pretest_positions=pretest,
                case_study_positions=case_starts,
                theta=None,
                seen=_seen_before(user=user, exam=adaptive),
            )
            item = _present(exam=adaptive, position=1, choice=choice, now=now)
    except IntegrityError:
        winner = AdaptiveExam.objects.filter(user=user, status=ExamStatus.IN_PROGRESS).values_list("id", flat=True)
        for exam_id in winner:
            raise _in_progress(exam_id) from None
        raise
    return adaptive, item


def _locked(*, user: User, exam_id: UUID) -> AdaptiveExam:
    exam = AdaptiveExam.objects.select_for_update().filter(pk=exam_id, user=user).first()
    if exam is None:
        raise ApplicationError("Not found.", status=404)
    return exam


def _finish(exam: AdaptiveExam, presented: list[sitting.Presented], passed: bool, reason: str, now) -> None:
    """Records the decision and the score report (`result`, CONTRACT §8) on the locked exam row."""
    items = sitting.scored(presented)
    theta, se = sitting.ability_estimate(items)
    exam.ability, exam.standard_error = theta, se
    exam.status = ExamStatus.FINISHED
    exam.finished_at = now
    exam.passed = passed
    exam.reason = reason
    exam.result = {
        "passed": passed,
        "reason": reason,
        "items_answered": sum(p.score is not None for p in presented),
        "scored_items": len(items),
        "ability": round(theta, 4),
        "standard_error": round(se, 4),
        "passing_standard": exam.passing_standard,
        "by_client_need": sitting.area_levels(items, exam.passing_standard),
        "started_at": format_timestamp(exam.started_at),
        "finished_at": format_timestamp(now),
    }
    exam.save(update_fields=["ability", "standard_error", "status", "finished_at", "passed", "reason", "result"])


def _settle_by_time(exam: AdaptiveExam, now) -> None:
    """The time rule (`psychometrics.cat.stop_decision`, timed out): fewer than the minimum answered
    fails, otherwise the final ability decides. The unanswered current item does not count."""
    presented = sitting.sitting_load(exam.pk)
    items = sitting.scored(presented)
    theta, se = sitting.ability_estimate(items)
    rules = sitting.exam_rules(
        exam=exam.exam, pretest=len(exam.pretest_positions), case_studies=len(exam.case_study_positions)
    )
    answered = sum(p.score is not None for p in presented)
    passed, reason = cat.stop_decision(len(items), answered, theta, se, rules, timed_out=True)
    _finish(exam, presented, passed, reason, now)


def _current(exam: AdaptiveExam) -> ExamItem | None:
    return (
        ExamItem.objects.select_related("question__case_study", "version")
        .filter(exam=exam, answer__isnull=True)
        .first()
    )


def exam_for_owner(*, user: User, exam_id: UUID) -> tuple[AdaptiveExam, ExamItem | None]:
    """The student's exam and its current item (None once finished); another user's exam is 404.
    Rule: an exam past its deadline is settled by the time rule first (the server keeps the time)."""
    with transaction.atomic():
        exam = _locked(user=user, exam_id=exam_id)
        now = timezone.now()
        if exam.status == ExamStatus.IN_PROGRESS and now >= exam.deadline:
            _settle_by_time(exam, now)
    return exam, _current(exam) if exam.status == ExamStatus.IN_PROGRESS else None


def exam_list(*, user: User) -> tuple[list[AdaptiveExam], ExamItem | None]:
    """The student's exams, newest first, with the current item of the one in progress. The exam in
    progress is settled first when its deadline has passed."""
    expired = AdaptiveExam.objects.filter(user=user, status=ExamStatus.IN_PROGRESS, deadline__lte=timezone.now())
    for exam_id in expired.values_list("id", flat=True):
        exam_for_owner(user=user, exam_id=exam_id)
    exams = list(AdaptiveExam.objects.filter(user=user).order_by("-started_at"))
    in_progress = next((e for e in exams if e.status == ExamStatus.IN_PROGRESS), None)
    return exams, _current(in_progress) if in_progress is not None else None


def exam_answer(*, user: User, exam_id: UUID, item_id: UUID, response) -> tuple[AdaptiveExam, ExamItem | None]:
    """Scores the answer to the current item and moves the sitting on: the next item, or the end.

    Rules: only the current item may be answered (409); a response of the wrong shape is a 400 that
    changes nothing; a finished exam takes no answers (409); an answer after the deadline is not
    counted and the exam is settled by the time rule. A pretest item's answer is stored unscored.
    After every scored item the ability is re-estimated over all the scored answers, then
    `psychometrics.cat.stop_decision` decides whether the exam ends (confidence, maximum length)."""
    with transaction.atomic():
        exam = _locked(user=user, exam_id=exam_id)
        now = timezone.now()
        if exam.status == ExamStatus.FINISHED:
            raise ApplicationError(FINISHED, status=409)
        if now >= exam.deadline:
            _settle_by_time(exam, now)
            return exam, None
        current = _current(exam)
        if current is None or current.question_id != item_id:
            raise ApplicationError(NOT_CURRENT, status=409)
        response_validate(version=current.version, item_type=current.question.type, response=response)
        (answer,) = answers_record(
            [
                AnswerDraft(
                    user=user,
                    question=current.question,
                    version=current.version,
                    response=response,
                    answered_at=now,
                    source=AnswerSource.EXAM,
                    scored=not current.pretest,
                    seconds=max(0, int((now - current.presented_at).total_seconds())),
                )
            ]
        )
        presented = sitting.sitting_load(exam.pk)
        # The answer is linked to its item below; the sitting read above still shows it unanswered.
        presented[-1] = replace(
            presented[-1],
            score=answer.score,
            steps=question_steps(
                difficulty=current.question.difficulty, steps=current.question.steps, max_score=answer.max_score
            ),
        )
        items = sitting.scored(presented)
        current.answer = answer
        if not current.pretest:
            exam.ability, exam.standard_error = sitting.ability_estimate(items, start=exam.ability)
            current.ability, current.standard_error = exam.ability, exam.standard_error
        current.save(update_fields=["answer", "ability", "standard_error"])

        rules = sitting.exam_rules(
            exam=exam.exam, pretest=len(exam.pretest_positions), case_studies=len(exam.case_study_positions)
        )
        theta = exam.ability if items else None
        decision = cat.stop_decision(
            len(items), len(presented), exam.ability, exam.standard_error or float("inf"), rules
        )
        if decision is None:
            choice = sitting.next_item(
                bank=sitting.bank_load(user=user, exam=exam.exam),
                exam=exam.exam,
                seed=exam.seed,
                presented=presented,
                pretest_positions=exam.pretest_positions,
                case_study_positions=exam.case_study_positions,
                theta=theta,
                seen=_seen_before(user=user, exam=exam),
            )
            if choice is None:
                # The bank ran dry before a rule ended the exam: the final ability decides, as at
                # the maximum length.
                decision = (exam.ability > exam.passing_standard, StopReason.MAX_LENGTH.value)
        if decision is not None:
            _finish(exam, presented, *decision, now)
            return exam, None
        exam.save(update_fields=["ability", "standard_error"])
        return exam, _present(exam=exam, position=len(presented) + 1, choice=choice, now=now)


def exams_settle_expired() -> int:
    """Settles every exam past its deadline by the time rule (the periodic task); returns how many.
    Rows another request holds are skipped: that request settles them itself."""
    settled = 0
    now = timezone.now()
    expired = AdaptiveExam.objects.filter(status=ExamStatus.IN_PROGRESS, deadline__lte=now).values_list("id", flat=True)
    for exam_id in list(expired):
        with transaction.atomic():
            exam = (
                AdaptiveExam.objects.select_for_update(skip_locked=True)
                .filter(pk=exam_id, status=ExamStatus.IN_PROGRESS)
                .first()
            )
            if exam is not None:
                _settle_by_time(exam, timezone.now())
                settled += 1
    return settled
