"""Factories for opinion reports: reports in any state (through the services), and issues."""

import datetime

import factory

from opinions import services
from opinions.models import Adoption, Issue, OpinionReport


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Issue

    year = 2024
    number = factory.Sequence(lambda n: n + 1)
    published_on = datetime.date(2024, 3, 20)


def report(
    *, committee, authors, actor, title="关于加强农村留守老人助餐服务的建议", state="draft", issue=None
):
    """A report taken through the real services to ``state`` (the clerk ``actor`` manages the committee)."""
    r = (
        services.report_create_submitted(
            committee=committee, title=title, content="建议……", authors=list(authors), actor=actor
        )
        if state != "draft"
        else None
    )
    if r is None:
        return services.report_create(
            committee=committee, title=title, content="建议……", authors=list(authors), actor=actor
        )
    if state in ("accepted", "published"):
        r = services.report_accept(report=r, actor=actor)
    if state == "published":
        r = services.report_publish(report=r, issue=issue or IssueFactory(committee=committee), actor=actor)
    if state == "declined":
        r = services.report_decline(report=r, actor=actor, reason="内容空泛")
    return OpinionReport.objects.get(pk=r.pk)


def record_adoptions(report, *, actor, events, date: datetime.date) -> None:
    """Record ``events``, (body, action) pairs, on an accepted report as the secretariat does (an
    instruction names the leader who gave it)."""
    for body, action in events:
        services.adoption_record(
            report=report,
            actor=actor,
            body=body,
            action=action,
            date=date,
            leader="张某" if action == Adoption.Action.INSTRUCTED else "",
        )
