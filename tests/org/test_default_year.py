"""Pages and records open on CPPCC_DEFAULT_YEAR when it is set, else on the current year."""

import pytest
from django.utils import timezone

from cppcc.org.selectors import default_year

pytestmark = pytest.mark.django_db


def test_the_current_year_unless_configured(settings):
    settings.CPPCC_DEFAULT_YEAR = 0
    assert default_year() == timezone.localdate().year
    settings.CPPCC_DEFAULT_YEAR = 2024
    assert default_year() == 2024


def test_dashboard_record_and_portal_open_on_the_configured_year(
    settings, client, api, leader, member_login, member
):
    settings.CPPCC_DEFAULT_YEAR = 2024
    client.force_login(leader)
    assert "2024年履职成绩单" in client.get("/dashboard/").content.decode()
    assert api.as_user(member_login).get(f"/api/members/{member.pk}/record/").json()["year"] == 2024
    client.force_login(member_login)
    assert "2024年度履职" in client.get("/portal/").content.decode()
