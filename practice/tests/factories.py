"""Published items for practice tests, each with its current version row (as the bank keeps them),
and practice tests.

`QuestionFactory` makes a multiple-choice item whose key is "B"; `MultipleResponseFactory` one worth
two points (keys "A" and "C"). `case_study_make` makes a case study with its six items in step order.
"""

from datetime import timedelta

import factory
from django.db.models import F
from django.utils import timezone

from accounts.tests.factories import UserFactory
from practice.models import Mode, PracticeTest
from questions.models import CaseStudy, CjmmStep, ClientNeed, ItemExam, Question, QuestionVersion, Status

OPTIONS = {"options": [{"id": key, "text": f"Option {key}"} for key in "ABCD"]}


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question
        skip_postgeneration_save = True

    exam = ItemExam.BOTH
    type = "multiple_choice"
    stem = factory.Sequence(lambda n: f"Which action should the nurse take first? ({n})")
    content = factory.LazyFunction(lambda: OPTIONS)
    answer = factory.LazyFunction(lambda: {"correct": ["B"]})
    rationale = factory.Sequence(lambda n: f"Rationale-secret-{n}: airway comes first.")
    client_need = ClientNeed.MANAGEMENT_OF_CARE
    max_score = 1
    difficulty = 0.4321
    status = Status.PUBLISHED

    @factory.post_generation
    def current_version(obj, create, extracted, **kwargs):
        if create:
            QuestionVersion.objects.create(
                question=obj,
                number=obj.version,
                stem=obj.stem,
                content=obj.content,
                answer=obj.answer,
                rationale=obj.rationale,
                max_score=obj.max_score,
            )


class MultipleResponseFactory(QuestionFactory):
    type = "multiple_response"
    answer = factory.LazyFunction(lambda: {"correct": ["A", "C"]})
    max_score = 2


class CaseStudyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseStudy

    title = factory.Sequence(lambda n: f"Client with sepsis {n}")
    scenario = "A 68-year-old client is admitted with fever and confusion."
    exhibits = factory.LazyFunction(
        lambda: [
            {"tab": "Nurses' Notes", "kind": "text", "text": "Admitted at 0800.", "reveal_at": 1},
            {"tab": "Vital Signs", "kind": "text", "text": "BP 88/50 at 1000.", "reveal_at": 4},
        ]
    )
    status = Status.PUBLISHED


def case_study_make(**question_fields) -> tuple[CaseStudy, list[Question]]:
    """A published case study and its six items, one per clinical-judgment step, in order."""
    case = CaseStudyFactory()
    items = [
        QuestionFactory(case_study=case, case_position=position, cjmm_step=step, **question_fields)
        for position, step in enumerate(CjmmStep.values, start=1)
    ]
    return case, items


class PracticeTestFactory(factory.django.DjangoModelFactory):
    """An in-progress tutor-mode test; pass `questions=[...]` for its items."""

    class Meta:
        model = PracticeTest
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    exam = "RN"
    mode = Mode.TUTOR
    count = 1
    started_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def questions(obj, create, extracted, **kwargs):
        """The test's slots, as a new test has them (no item touched: no PracticeItem rows)."""
        if create and extracted:
            current = QuestionVersion.objects.filter(question__in=extracted, number=F("question__version"))
            versions = dict(current.values_list("question_id", "pk"))
            obj.slots = [[str(q.pk), str(versions[q.pk])] for q in extracted]
            obj.save(update_fields=["slots"])


class TimedPracticeTestFactory(PracticeTestFactory):
    mode = Mode.TIMED
    time_limit_seconds = 90
    deadline = factory.LazyAttribute(lambda test: test.started_at + timedelta(seconds=test.time_limit_seconds))
