"""Test data for the adaptive exam: calibrated banks in the test plan's proportions, case studies,
pretest items, exams. Items are multiple choice (one point, key B) unless said otherwise; every item
has its current QuestionVersion row (number = question.version), as the bank keeps them."""

from collections.abc import Sequence
from datetime import timedelta

import factory
import numpy as np
from django.utils import timezone

from accounts.tests.factories import UserFactory
from exams.models import AdaptiveExam, ExamItem
from psychometrics.cat import CASE_STUDY_ITEMS, CLIENT_NEEDS, test_plan_targets
from questions.models import Answer, AnswerSource, CaseStudy, CjmmStep, Question, QuestionVersion, Status

OPTIONS = {"options": [{"id": letter, "text": f"Option {letter}"} for letter in "ABCD"]}
KEY = {"correct": ["B"]}
RIGHT = {"selected": ["B"]}
WRONG = {"selected": ["A"]}
# Case-study items: select all that apply with two correct options (+/- scoring, 0..2 points).
CASE_KEY = {"correct": ["B", "C"]}
CASE_RIGHT = {"selected": ["B", "C"]}
CASE_WRONG = {"selected": ["A"]}


def right_answer(item: dict) -> dict:
    return CASE_RIGHT if item["type"] == "multiple_response" else RIGHT


def wrong_answer(item: dict) -> dict:
    return CASE_WRONG if item["type"] == "multiple_response" else WRONG


def _versions(questions: list[Question]) -> None:
    QuestionVersion.objects.bulk_create(
        QuestionVersion(
            question=q,
            number=q.version,
            stem=q.stem,
            content=q.content,
            answer=q.answer,
            rationale=q.rationale,
            max_score=q.max_score,
        )
        for q in questions
    )


def plan_needs(n: int, exam: str = "RN") -> list[str]:
    """n client needs in the test plan's proportions (largest remainder), in plan order."""
    shares = test_plan_targets(exam) * n
    counts = np.floor(shares).astype(int)
    for i in np.argsort(-(shares - counts))[: n - counts.sum()]:
        counts[i] += 1
    return [need for need, count in zip(CLIENT_NEEDS, counts, strict=True) for _ in range(count)]


def calibrated_bank(n: int, *, exam: str = "both", low: float = -3.0, high: float = 3.0, **fields) -> list[Question]:
    """n published, calibrated one-point items in the RN plan's proportions, difficulties evenly
    spread over [low, high] (shuffled across needs, so every need covers the range)."""
    rng = np.random.default_rng(n)
    difficulties = rng.permutation(np.linspace(low, high, n))
    questions = [
        Question(
            exam=exam,
            type="multiple_choice",
            stem=f"Calibrated item {i}",
            content=OPTIONS,
            answer=KEY,
            rationale="Because B.",
            client_need=need,
            max_score=1,
            difficulty=float(difficulties[i]),
            calibrated=True,
            status=Status.PUBLISHED,
            **fields,
        )
        for i, need in enumerate(plan_needs(n))
    ]
    Question.objects.bulk_create(questions)
    _versions(questions)
    return questions


def pretest_items(n: int, *, exam: str = "both") -> list[Question]:
    """n published, uncalibrated items (what pretest positions serve)."""
    questions = [
        Question(
            exam=exam,
            type="multiple_choice",
            stem=f"Pretest item {i}",
            content=OPTIONS,
            answer=KEY,
            client_need=CLIENT_NEEDS[i % len(CLIENT_NEEDS)],
            max_score=1,
            difficulty=0.0,
            calibrated=False,
            status=Status.PUBLISHED,
        )
        for i in range(n)
    ]
    Question.objects.bulk_create(questions)
    _versions(questions)
    return questions


def case_study(
    *, difficulty: float = 0.0, calibrated: bool = True, exam: str = "both", client_needs: Sequence[str] = ()
) -> CaseStudy:
    """A published case study with its six calibrated two-point items, one per clinical-judgment step,
    in `client_needs` (one per item; default all physiological adaptation)."""
    needs = list(client_needs) or ["physiological_adaptation"] * CASE_STUDY_ITEMS
    case = CaseStudy.objects.create(
        exam=exam,
        title="Client with pneumonia",
        scenario="A 68-year-old client is admitted with fever and cough.",
        exhibits=[
            {"tab": "Nurses' Notes", "kind": "text", "text": "Febrile, 39.1 C.", "reveal_at": 1},
            {"tab": "Lab Results", "kind": "text", "text": "WBC 16,000.", "reveal_at": 4},
        ],
        status=Status.PUBLISHED,
    )
    questions = [
        Question(
            exam=exam,
            type="multiple_response",
            stem=f"Case step {position}",
            content=OPTIONS,
            answer=CASE_KEY,
            rationale="Because B and C.",
            client_need=needs[position - 1],
            cjmm_step=step,
            max_score=2,
            difficulty=difficulty,
            calibrated=calibrated,
            status=Status.PUBLISHED,
            case_study=case,
            case_position=position,
        )
        for position, step in enumerate(CjmmStep.values[:CASE_STUDY_ITEMS], start=1)
    ]
    Question.objects.bulk_create(questions)
    _versions(questions)
    return case


class AdaptiveExamFactory(factory.django.DjangoModelFactory):
    """An exam in progress with nothing presented yet (add items with `present`)."""

    class Meta:
        model = AdaptiveExam

    user = factory.SubFactory(UserFactory)
    exam = "RN"
    started_at = factory.LazyFunction(timezone.now)
    deadline = factory.LazyAttribute(lambda o: o.started_at + timedelta(hours=5))
    passing_standard = 0.0
    seed = 12345


def present(exam: AdaptiveExam, question: Question, *, position: int = 1, **fields) -> ExamItem:
    """`question` shown at `position` of `exam` (unanswered: the current item)."""
    version = QuestionVersion.objects.get(question=question, number=question.version)
    return ExamItem.objects.create(
        exam=exam, position=position, question=question, version=version, presented_at=timezone.now(), **fields
    )


def exam_in_progress(user, *, exam: str = "RN") -> tuple[AdaptiveExam, ExamItem]:
    """An exam of `user` in progress whose current item (position 1) is a fresh calibrated item."""
    (question,) = calibrated_bank(1)
    adaptive = AdaptiveExamFactory(user=user, exam=exam)
    return adaptive, present(adaptive, question)


def practice_answers(user, questions: list[Question], *, right: int, when=None) -> list[Answer]:
    """Practice answers of `user`, one per item: the first `right` full credit, the rest 0."""
    when = when or timezone.now()
    versions = {v.question_id: v for v in QuestionVersion.objects.filter(question__in=questions)}
    answers = [
        Answer(
            user=user,
            question=q,
            version=versions[q.pk],
            source=AnswerSource.PRACTICE,
            response=RIGHT if i < right else WRONG,
            score=q.max_score if i < right else 0,
            max_score=q.max_score,
            answered_at=when,
        )
        for i, q in enumerate(questions)
    ]
    return Answer.objects.bulk_create(answers)
