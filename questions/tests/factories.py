"""Factories for the question bank: items of any type (from `itemtypes.EXAMPLES`), with their
version 1 as the authoring service creates it, and answers."""

import copy

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from questions import itemtypes
from questions.models import Answer, AnswerSource, CaseStudy, ClientNeed, Question, QuestionVersion, Status
from questions.services import answers_store


def example(item_type: str) -> dict:
    """The type's example item: {"content", "answer", "response"} (a valid item and a full-credit response),
    a copy that a test may change."""
    return copy.deepcopy(itemtypes.EXAMPLES[item_type])


class QuestionFactory(factory.django.DjangoModelFactory):
    """A published one-point multiple-choice item (pass `type=` for another type's example)."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    class Params:
        example = factory.LazyAttribute(lambda o: example(o.type))

    type = "multiple_choice"
    stem = factory.Sequence(lambda n: f"Which action should the nurse take first? ({n})")
    content = factory.LazyAttribute(lambda o: o.example["content"])
    answer = factory.LazyAttribute(lambda o: o.example["answer"])
    rationale = "Because it is the priority."
    client_need = ClientNeed.MANAGEMENT_OF_CARE
    status = Status.PUBLISHED
    max_score = factory.LazyAttribute(lambda o: itemtypes.max_score(o.type, o.content, o.answer))

    @factory.post_generation
    def first_version(obj, create, extracted, **kwargs):
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


class CaseStudyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseStudy

    title = factory.Sequence(lambda n: f"Case study {n}")
    scenario = "A 68-year-old client is admitted with shortness of breath."
    status = Status.PUBLISHED


class AnswerFactory(factory.django.DjangoModelFactory):
    """An answer to the item's current version (score and max_score given, not computed)."""

    class Meta:
        model = Answer

    user = factory.SubFactory(UserFactory)
    question = factory.SubFactory(QuestionFactory)
    version = factory.LazyAttribute(lambda o: o.question.versions.get(number=o.question.version))
    source = AnswerSource.PRACTICE
    response = factory.LazyAttribute(lambda o: itemtypes.EXAMPLES[o.question.type]["response"])
    score = factory.LazyAttribute(lambda o: o.question.max_score)
    max_score = factory.LazyAttribute(lambda o: o.question.max_score)
    answered_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Stored as the app stores answers (`answers_store`): added to the item's and the student's totals."""
        return answers_store([model_class(*args, **kwargs)])[0]


def case_study_with_items(*, item_type: str = "multiple_choice", **fields) -> CaseStudy:
    """A case study with its six items (with their version 1), one per clinical-judgment step, in order,
    sharing its exam and status."""
    from questions.models import CjmmStep

    case = CaseStudyFactory(**fields)
    for position, step in enumerate(CjmmStep.values, start=1):
        QuestionFactory(
            type=item_type,
            case_study=case,
            case_position=position,
            cjmm_step=step,
            exam=case.exam,
            status=case.status,
        )
    return case
