"""HTML and script typed into text fields are shown as text on every page: the admin (lists and
forms), the browsable API, the API docs and the portal."""

import pytest
from django.test import Client

from cppcc.org.models import Member, User
from cppcc.org.services import notify
from opinions.models import OpinionReport
from proposals.models import Proposal

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture
def world(world):
    Proposal.objects.filter(pk=world.proposal.pk).update(title=f"关于{SCRIPT}的建议")
    Member.objects.filter(pk=world.members["member"].pk).update(name=f"李{SCRIPT}")
    User.objects.filter(pk=world.users["member"].pk).update(name=f"李{SCRIPT}")
    OpinionReport.objects.filter(pk=world.report.pk).update(title=f"社情{SCRIPT}民意")
    notify(users=[world.users["member"]], message=f"您的提案《{SCRIPT}》已立案。", about=world.proposal)
    return world


def pages(world):
    proposal, member, report = world.proposal.pk, world.members["member"].pk, world.report.pk
    return {
        "city_clerk": [
            "/admin/proposals/proposal/",
            f"/admin/proposals/proposal/{proposal}/change/",
            f"/admin/proposals/proposal/{proposal}/history/",
            "/admin/org/member/",
            f"/admin/org/member/{member}/change/",
            "/admin/opinions/opinionreport/",
            f"/admin/opinions/opinionreport/{report}/change/",
            "/admin/platforms/attendance/",
            f"/api/proposals/{proposal}/",
            f"/api/members/{member}/",
            f"/api/opinions/{report}/",
            "/api/docs/",
        ],
        "member": [
            "/portal/",
            "/portal/notifications/",
            "/portal/proposals/",
            f"/portal/proposals/{proposal}/",
            "/portal/opinions/",
            f"/portal/opinions/{report}/",
            "/portal/activities/",
            f"/api/proposals/{proposal}/",
        ],
        "unit": ["/portal/", f"/portal/proposals/{proposal}/"],
    }


def test_script_in_text_fields_is_escaped_on_every_page(world):
    shown = []
    for persona, urls in pages(world).items():
        client = Client()
        client.force_login(world.users[persona])
        for url in urls:
            response = client.get(url, HTTP_ACCEPT="text/html")
            assert response.status_code == 200, url
            html = response.content.decode()
            assert SCRIPT not in html, f"{url} renders the script as HTML"
            if ESCAPED in html:
                shown.append(url)
    # The values are on the pages (escaped), so the check above is not vacuous.
    assert {
        "/admin/proposals/proposal/",
        "/admin/org/member/",
        "/admin/opinions/opinionreport/",
        "/portal/notifications/",
        "/portal/proposals/",
        f"/portal/proposals/{world.proposal.pk}/",
        "/portal/opinions/",
        f"/api/proposals/{world.proposal.pk}/",
    } <= set(shown)
