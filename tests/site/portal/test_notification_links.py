"""A notification names its object; the portal turns it into the link its page and its e-mail show
(the proposal's or the report's page in the portal, as before). Code below the site never writes a
portal URL."""

import ast
from pathlib import Path

import pytest
from django.core import mail

from cppcc.org.models import Notification
from cppcc.org.services import notify
from opinions import services as opinion_services
from proposals import services
from tests.opinions.factories import report

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
BELOW_THE_SITE = [
    "cppcc/core",
    "cppcc/org",
    "cppcc/accounts",
    "cppcc/scoring",
    "proposals",
    "opinions",
    "platforms",
]


def test_the_registration_notice_links_to_the_proposal_page_in_the_portal_and_the_mail(
    client, draft, city_clerk, member_login, django_capture_on_commit_callbacks
):
    member_login.email = "member@example.org"
    member_login.save(update_fields=["email"])
    submitted = services.proposal_submit(proposal=draft, actor=member_login)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_register(proposal=submitted, actor=city_clerk)
    notification = Notification.objects.get(user=member_login)
    assert notification.link == f"/portal/proposals/{submitted.pk}/"
    assert mail.outbox[-1].body.endswith(f"\n\n/portal/proposals/{submitted.pk}/")
    client.force_login(member_login)
    page = client.get("/portal/notifications/").content.decode()
    assert f'<a href="/portal/proposals/{submitted.pk}/">' in page


def test_a_report_notice_links_to_the_report_page(city, member, city_clerk, member_login):
    submitted = report(committee=city, authors=[member], actor=city_clerk, state="submitted")
    report_accepted = opinion_services.report_accept(report=submitted, actor=city_clerk)
    assert Notification.objects.get(user=member_login).link == f"/portal/opinions/{report_accepted.pk}/"


def test_a_notice_about_nothing_or_something_without_a_page_has_no_link(
    member_login, city_clerk, django_capture_on_commit_callbacks
):
    member_login.email = "member@example.org"
    member_login.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        (plain,) = notify(users=[member_login], message="逾期提醒")
        (about_a_user,) = notify(users=[member_login], message="账户已解锁", about=city_clerk)
    assert plain.link == "" and about_a_user.link == ""
    assert about_a_user.object_id == city_clerk.pk
    assert [m.body for m in mail.outbox] == ["逾期提醒", "账户已解锁"]


def test_code_below_the_site_writes_no_portal_url():
    found = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for folder in BELOW_THE_SITE
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.parts
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and "/portal/" in node.value
    ]
    assert found == []
