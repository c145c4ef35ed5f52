"""Every admin page of the secretariat, readable and whole (issue 14).

Chinese everywhere a clerk reads: every page the city secretariat's clerk can reach, for every
registered ModelAdmin (list, add, change of one real record, its history and one version of it,
import and export forms), rendered in zh-hans, with no text a clerk cannot read: an object's Python
name (``object (``), ``None``, the untranslated picker (``Choose all``) and export form (``Select
all``), ``CHANGES``, ``Tablib``, a UTC offset, a raw state code in a history, or a sentence of the
admin's own templates left in English where a Chinese one exists. And nothing missing: every
model shown inline is readable by the secretariat.

The pages are found from the admin's registry, so the change pages other work adds are covered."""

import contextlib
import datetime
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import django
import import_export
import pytest
import simple_history
from django.contrib import admin
from django.contrib.admin.views.main import IS_POPUP_VAR
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from cppcc.accounts.models import Lockout, LoginAttempt
from cppcc.org.models import (
    CalendarDay,
    Delivery,
    Notification,
    NotificationPreference,
    Party,
    Role,
    RoleAssignment,
    Sector,
    SpecialCommittee,
)
from cppcc.org.services import claim_reminder
from cppcc.scoring.models import ScoreRule
from opinions import services as opinion_services
from opinions.models import Adoption, Body
from platforms import services as platform_services
from platforms.models import Attendance, Publication, Visit
from proposals import services as proposal_services
from proposals.models import HandlingRules, ReplyLabel
from speeches import services as speech_services

from .accounts.otp import enrol
from .core.jobs.factories import finished_job
from .platforms.factories import (
    ActivityFactory,
    RoomFactory,
    SectorGroupFactory,
    StudyRoomFactory,
    TeamMemberFactory,
)

SITE_PACKAGES = Path(django.__file__).parent.parent
CATALOGUES = [
    Path(django.__file__).parent / "contrib/admin/locale/zh_Hans/LC_MESSAGES/django.po",
    Path(import_export.__file__).parent / "locale/zh_Hans/LC_MESSAGES/django.po",
    Path(simple_history.__file__).parent / "locale/zh_Hans/LC_MESSAGES/django.po",
]
FORBIDDEN = [
    ("object (", re.compile(r"object \(")),
    ("None", re.compile(r"\bNone\b")),
    ("Choose all", re.compile(r"Choose all")),
    ("Select all", re.compile(r"Select all")),
    ("CHANGES", re.compile(r"\bCHANGES\b|\bChanges\b")),
    ("Tablib", re.compile(r"Tablib")),
    ("+00:00", re.compile(r"\+00:00")),
    ("Historical", re.compile(r"\bHistorical\b")),
    ("an app's code", re.compile(r"\b(Org|Proposals|Opinions|Platforms|Scoring|Accounts)\b")),
]


class VisibleText(HTMLParser):
    """The text a person reads on a page: outside scripts, styles and attribute values."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.skipping += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


def english_sentences() -> list[tuple[str, re.Pattern]]:
    """The admin's, import-export's and simple-history's English texts that have a zh_Hans
    translation, as patterns over a page's text (placeholders match anything)."""
    found = []
    for path in CATALOGUES:
        text = path.read_text(encoding="utf-8")
        for block in text.split("\n\n"):
            msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
            msgstr = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block, re.M)
            if not msgid or not msgstr or "msgctxt" in block:
                continue
            english = "".join(re.findall(r'"(.*)"', msgid.group(1))).replace('\\"', '"')
            chinese = "".join(re.findall(r'"(.*)"', msgstr.group(1)))
            parts = re.split(r"%\(\w+\)[sd]|%s|%d|\{\w*\}", english)
            if not chinese or not re.search(r"[A-Za-z]{3}", "".join(parts)):
                continue
            pattern = r"(?<![\w/.-])" + r".{1,80}?".join(re.escape(part) for part in parts) + r"(?![\w/-])"
            found.append((english, re.compile(pattern)))
    return found


ENGLISH = english_sentences()


def problems_of(url: str, html: str) -> list[str]:
    text = visible_text(html)
    found = [f"{url}: {name}" for name, pattern in FORBIDDEN if pattern.search(text)]
    found += [f"{url}: English “{english}”" for english, pattern in ENGLISH if pattern.search(text)]
    if "/history/" in url:
        found += [f"{url}: raw code “{code}”" for code in re.findall(r"→\s*([a-z]+_?[a-z_]*)\b", text)]
    if not re.search(r'<html lang="zh-hans"', html):
        found.append(f"{url}: not rendered in zh-hans")
    return found


@pytest.fixture
def every_model(world, city, city_session, unit, unit_contact, city_clerk):
    """``world`` and one record of every model it lacks, in the city, with a change history."""
    clerk = city_clerk
    member = world.members["member"]
    Sector.objects.create(committee=city, name="经济界")
    SpecialCommittee.objects.create(committee=city, name="提案委员会")
    Party.objects.create(committee=city, name="民盟聊城市委")
    ReplyLabel.objects.create(committee=city, category="A", label="所提问题已经解决")
    HandlingRules.objects.create(committee=city, contact_required=True)
    CalendarDay.objects.create(date=datetime.date(2027, 1, 1), kind=CalendarDay.Kind.HOLIDAY, name="元旦")
    proposal_services.proposal_object(
        proposal=world.proposal,
        actor=world.users["unit"],
        reason="不属本单位职责。",
        suggested_unit=world.other_unit,
    )
    ScoreRule.objects.create(committee=city, year=2024, item="plenary_present", dimension="duty", points=2)
    Notification.objects.create(user=clerk, message="有新提案待审查。")
    NotificationPreference.objects.create(user=member.user, kind="proposal_update", sms=True)
    Delivery.objects.create(
        user=member.user, kind="meeting_notice", channel="sms", address="138****0001", status="sent"
    )
    claim_reminder(kind="meeting_reminder", about=world.activity, user=member.user, slot=world.activity.date)
    RoomFactory(committee=city)
    StudyRoomFactory(committee=city)
    TeamMemberFactory(group=SectorGroupFactory(committee=city))
    Publication.objects.create(
        committee=city,
        title="市政协视察老旧小区改造",
        outlet="聊城日报",
        level="city",
        channel="newspaper",
        published_on=datetime.date(2024, 5, 1),
    )
    Visit.objects.create(
        committee=city, organisation="聊城大学", kind="chamber_of_commerce", date=datetime.date(2024, 5, 2)
    )
    LoginAttempt.objects.create(username="clerk", reason="bad_credentials")
    Lockout.objects.create(
        scope="username",
        key="clerk",
        failures=10,
        last_failure_at=timezone.now(),
        locked_until=timezone.now(),
    )
    enrol(member.user)  # a second factor
    RoleAssignment.objects.get_or_create(user=clerk, committee=city, role=Role.SECRETARIAT)
    opinion_services.adoption_record(
        report=world.accepted_report,
        actor=clerk,
        body=Body.CITY_GOVERNMENT,
        action=Adoption.Action.INSTRUCTED,
        date=datetime.date(2024, 4, 1),
        leader="李市长",
    )
    proposal_services.proposal_set_flags(
        proposal=world.proposal,
        actor=clerk,
        is_key=True,
        supervisors=[world.members["another_member"]],
        is_excellent=False,
        is_published=False,
        category=world.proposal.category,
    )
    platform_services.attendance_record(
        activity=world.activity, member=member, status=Attendance.Status.PRESENT, actor=clerk
    )
    plenary = ActivityFactory(committee=city, kind="plenary", date=datetime.date(2024, 1, 8))
    speech = speech_services.speech_create(
        activity=plenary, title="推进京杭运河文化保护传承利用", content="正文", actor=world.users["member"]
    )
    speech_services.speech_attach(
        speech=speech, file=SimpleUploadedFile("数据.pdf", b"%PDF-1.4 data"), actor=world.users["member"]
    )
    speech_services.speech_submit(speech=speech, actor=world.users["member"])
    proposal_services.digest_create(
        committee=city,
        year=2024,
        title="重点提案核心建议",
        issued_on=datetime.date(2024, 4, 18),
        recipients="市委、市政府主要领导",
        actor=clerk,
        items=[(world.proposal, "一是加强统筹协调；二是加大资金支持。")],
    )
    proposal_services.proposal_contact(
        proposal=world.proposal,
        actor=unit_contact,
        date=timezone.localdate(),
        method="visit",
        summary="登门走访提案人。",
    )
    proposal_services.proposal_rate_quality(proposal=world.replied, actor=unit_contact, grade="good")
    lead = proposal_services.lead_submit(
        committee=world.city,
        description="小区门口的路灯坏了三个月，晚上出行很不方便。",
        category=world.proposal.category,
        phone="13900001111",
    )
    proposal_services.lead_accept(lead=lead, actor=clerk)
    finished_job(clerk)
    return world


def admin_urls(model, model_admin, request) -> list[str]:
    """The pages of one ModelAdmin the clerk may reach, with one real record."""
    info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    urls = [reverse(f"{info}_changelist")]
    if model_admin.has_add_permission(request):
        urls.append(reverse(f"{info}_add"))
    for extra in ("import", "export"):
        with contextlib.suppress(NoReverseMatch):
            urls.append(reverse(f"{info}_{extra}"))
    record = model_admin.get_queryset(request).order_by("-pk").first()
    if record is None:
        return [*urls, f"{info}: no record"]
    urls += [
        reverse(f"{info}_change", args=[record.pk]),
        reverse(f"{info}_history", args=[record.pk]),
        reverse(f"{info}_change", args=[record.pk]) + f"?{IS_POPUP_VAR}=1",
    ]
    history = getattr(model, "history", None) if isinstance(model_admin, SimpleHistoryAdmin) else None
    versions = history.filter(**{model._meta.pk.attname: record.pk}) if history else None
    version = versions.order_by("-history_date").first() if versions is not None else None
    if version is not None:
        urls.append(reverse(f"{info}_simple_history", args=[record.pk, version.history_id]))
    return urls


def test_every_admin_page_of_the_clerk_is_chinese(client, every_model, city_clerk):
    client.force_login(city_clerk)
    client.raise_request_exception = False  # a page that fails is one problem of the list
    request = RequestFactory().get("/admin/")
    request.user = city_clerk
    problems, seen = [], 0
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_permission(request):
            continue
        for url in admin_urls(model, model_admin, request):
            if url.endswith(": no record"):
                problems.append(url)
                continue
            response = client.get(url)
            if response.status_code != 200:
                problems.append(f"{url}: answered {response.status_code}")
                continue
            problems += problems_of(url, response.content.decode())
            seen += 1
    problems += problems_of("/admin/", client.get("/admin/").content.decode())
    assert seen > 100
    assert not problems, "\n".join(problems)


def test_the_pickers_javascript_speaks_chinese(client, city_clerk):
    """Every text of the admin's JavaScript (the many-to-many picker's "Choose all %s"…) has a
    Chinese translation in the catalogue the admin serves."""
    english = Path(django.__file__).parent / "contrib/admin/locale/en/LC_MESSAGES/djangojs.po"
    wanted = set()
    for block in english.read_text(encoding="utf-8").split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        text = "".join(re.findall(r'"(.*)"', msgid.group(1))).replace('\\"', '"') if msgid else ""
        context = re.search(r'^msgctxt "(.*)"', block, re.M)
        if text:
            wanted.add(f"{context.group(1)}\x04{text}" if context else text)
    client.force_login(city_clerk)
    script = client.get("/admin/jsi18n/").content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S).group(1))
    missing = sorted(text for text in wanted if not catalogue.get(text))
    assert missing == []


def test_the_clerk_reads_every_inline_of_their_committee(every_model, city, city_clerk):
    """Every model shown inline on an admin page is readable by the secretariat on a record of
    its own committee: no inline vanishes for want of a permission."""
    request = RequestFactory().get("/admin/")
    request.user = city_clerk
    unreadable, checked = [], 0
    for model, model_admin in admin.site._registry.items():
        if not model_admin.inlines or not model_admin.has_view_permission(request):
            continue
        rows = model_admin.get_queryset(request)
        if any(f.name == "committee" for f in model._meta.fields):
            rows = rows.filter(committee=city)
        record = rows.order_by("-pk").first()
        assert record is not None, model
        for inline_class in model_admin.inlines:
            inline = inline_class(model, admin.site)
            checked += 1
            if not inline.has_view_permission(request, record):
                unreadable.append(f"{model.__name__}: {inline.model.__name__}")
    assert checked >= 8
    assert unreadable == []


def test_the_import_previews_are_chinese(client, city, city_clerk, member, member2):
    """The previews before an import is confirmed: a ledger of reports and a list of members."""
    Sector.objects.create(committee=city, name="经济界")
    Sector.objects.create(committee=city, name="教育界")
    Party.objects.create(name="中国民主同盟")
    SpecialCommittee.objects.create(committee=city, name="提案委员会")
    SpecialCommittee.objects.create(committee=city, name="经济委员会")
    from .opinions.test_import import GOOD as LEDGER
    from .opinions.test_import import upload
    from .opinions.test_import import workbook as ledger_workbook
    from .org.test_member_import import GOOD as MEMBERS
    from .org.test_member_import import preview

    client.force_login(city_clerk)
    ledger = upload(client, city, ledger_workbook(LEDGER))
    members = preview(client, city, MEMBERS)
    assert ledger.status_code == members.status_code == 200
    assert "2 条信息可以导入" in visible_text(ledger.content.decode())
    problems = problems_of("ledger preview", ledger.content.decode())
    problems += problems_of("member import preview", members.content.decode())
    assert problems == []


def test_a_past_version_is_read_never_reverted(client, world, city_clerk):
    """A version is text, and posting it back is refused: a revert would set the state outside
    the lifecycle."""
    proposal = world.proposal
    first = proposal.history.order_by("history_date").first()
    url = reverse("admin:proposals_proposal_simple_history", args=[proposal.pk, first.history_id])
    client.force_login(city_clerk)
    page = client.get(url).content.decode()
    assert 'name="is_key"' not in page and proposal.title in page
    assert client.post(url, {"title": "改掉", "_change_history": "1"}).status_code == 403
    proposal.refresh_from_db()
    assert proposal.state == "assigned" and proposal.title != "改掉"
