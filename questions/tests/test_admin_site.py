"""The question bank on the Django admin site: the changelist, its filters, the preview."""

import pytest

from questions.models import Question
from questions.tests.factories import AnswerFactory, CaseStudyFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def test_the_changelist_renders_with_stats_columns(site):
    AnswerFactory(question=QuestionFactory(stem="Priority for chest pain"))

    response = site.get("/admin/questions/question/?o=8")

    assert response.status_code == 200
    assert b"Priority for chest pain" in response.content


def test_the_filters_narrow_the_changelist(site):
    QuestionFactory(stem="An RN item", exam="RN")
    QuestionFactory(stem="A PN item", exam="PN")

    response = site.get("/admin/questions/question/?exam__exact=RN")

    assert b"An RN item" in response.content
    assert b"A PN item" not in response.content


def test_the_preview_shows_the_item_escaped(site):
    question = QuestionFactory(
        stem="<script>alert(1)</script> Which drug?",
        content={"options": [{"id": "A", "text": "Protamine <b>"}, {"id": "B", "text": "Vitamin K"}]},
        answer={"correct": ["A"]},
    )

    response = site.get(f"/admin/questions/question/{question.pk}/change/")

    assert response.status_code == 200
    assert b"&lt;script&gt;alert(1)&lt;/script&gt; Which drug?" in response.content
    assert b"Protamine &lt;b&gt;" in response.content


def test_editing_an_answered_item_on_the_site_makes_a_new_version(site):
    question = QuestionFactory()
    AnswerFactory(question=question)
    form = {
        "exam": "both", "type": "multiple_choice", "stem": "Reworded on the site",
        "content": '{"options": [{"id": "A", "text": "One"}, {"id": "B", "text": "Two"}]}',
        "answer": '{"correct": ["A"]}', "rationale": "", "client_need": "management_of_care",
        "cjmm_step": "", "difficulty": "0", "status": "published",
    }  # fmt: skip

    response = site.post(f"/admin/questions/question/{question.pk}/change/", form)

    assert response.status_code == 302, response.content[:2000]
    question.refresh_from_db()
    assert (question.version, question.stem) == (2, "Reworded on the site")


def test_a_case_study_shows_its_items_inline(site):
    case = CaseStudyFactory()
    QuestionFactory(case_study=case, case_position=1, cjmm_step="recognize_cues", stem="First step item")

    response = site.get(f"/admin/questions/casestudy/{case.pk}/change/")

    assert response.status_code == 200
    assert b"First step item" in response.content


def test_versions_are_read_only(site):
    version = QuestionFactory().versions.get()

    assert site.get(f"/admin/questions/questionversion/{version.pk}/change/").status_code == 200
    assert site.post(f"/admin/questions/questionversion/{version.pk}/delete/").status_code == 403
    assert Question.objects.count() == 1
