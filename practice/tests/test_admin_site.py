"""The Django admin site shows practice tests: the list, and a test with its slots and touched items."""

import pytest

from practice.services import practice_answer_submit
from practice.tests.factories import PracticeTestFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def test_the_list_and_a_test_with_an_answered_item_load(site):
    questions = QuestionFactory.create_batch(3)
    test = PracticeTestFactory(questions=questions, count=3)
    practice_answer_submit(user=test.user, test_id=test.pk, item_id=questions[1].pk, response={"selected": ["B"]})

    assert site.get("/admin/practice/practicetest/?q=@&mode__exact=tutor").status_code == 200
    page = site.get(f"/admin/practice/practicetest/{test.pk}/change/")

    assert page.status_code == 200
    html = page.content.decode()
    assert str(questions[2].pk) in html  # every slot, read-only
    assert 'name="slots"' not in html
    assert 'name="items-TOTAL_FORMS" value="1"' in html  # the one touched item's row
