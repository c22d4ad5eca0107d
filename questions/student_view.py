"""The student view of an item: what practice tests and adaptive exams show before an answer.

Built from the version on the student's screen, never from its key: no `answer`, `rationale`,
difficulty or statistics. Practice reveals more once an item is answered; that is its own business.
"""

from questions.models import CaseStudy, Question, QuestionVersion


def student_item(*, question: Question, version: QuestionVersion) -> dict:
    return {
        "id": str(question.pk),
        "type": question.type,
        "stem": version.stem,
        "content": version.content,
        "client_need": question.client_need,
        "cjmm_step": question.cjmm_step,
        "max_score": version.max_score,
    }


def student_case_study(*, case: CaseStudy, step: int) -> dict:
    """The case study around its item at `step` (1..6). An unfolding case: an exhibit appears from its
    `reveal_at` step on (1 when absent or not a number)."""
    return {
        "id": str(case.pk),
        "title": case.title,
        "scenario": case.scenario,
        "exhibits": [e for e in case.exhibits if isinstance(e, dict) and _reveal_at(e) <= step],
    }


def _reveal_at(exhibit: dict) -> int:
    value = exhibit.get("reveal_at", 1)
    return value if isinstance(value, int) else 1
