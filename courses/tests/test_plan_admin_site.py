"""The Django admin site manages plans and grants plans the way the API does."""

from datetime import timedelta

import pytest

from courses.models import PlanGrant
from courses.tests.plan_factories import PlanFactory, PlanGrantFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/admin/courses/plan/?q=month&is_active__exact=1", "/admin/courses/plangrant/?source__exact=admin"]
)
def test_plan_changelists_load(site, url):
    PlanGrantFactory()

    assert site.get(url).status_code == 200


def test_plan_change_page_shows_its_prices(site):
    plan = PlanFactory()

    page = site.get(f"/admin/courses/plan/{plan.pk}/change/")

    assert page.status_code == 200
    assert b"15000.00" in page.content


def test_a_grant_added_in_the_admin_site_stacks_after_the_current_one(site, admin_user):
    held = PlanGrantFactory()

    response = site.post("/admin/courses/plangrant/add/", {"user": str(held.user_id), "plan": str(held.plan_id)})

    assert response.status_code == 302
    added = PlanGrant.objects.exclude(pk=held.pk).get()
    assert (added.starts_at, added.source, added.granted_by) == (held.ends_at, "admin", admin_user)
    assert added.ends_at == held.ends_at + timedelta(days=30)


def test_a_granted_plan_is_not_deleted_from_the_admin_site(site):
    plan = PlanGrantFactory().plan

    site.post("/admin/courses/plan/", {"action": "delete_selected", "_selected_action": [str(plan.pk)], "post": "yes"})

    assert PlanGrant.objects.filter(plan=plan).exists()
