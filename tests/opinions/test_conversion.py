"""The service the proposals app calls for a rejected proposal converted into an opinion report."""

import pytest

from opinions import services
from opinions.models import OpinionReport

pytestmark = pytest.mark.django_db


def test_a_converted_proposal_arrives_submitted_with_its_authors(city, member, member2, city_clerk):
    report = services.report_create_submitted(
        committee=city,
        title="关于加强学校周边交通安全的建议",
        content="情况分析……",
        authors=[member2, member],
        actor=city_clerk,
        note="由提案转来",
    )
    report = OpinionReport.objects.get(pk=report.pk)
    assert report.state == OpinionReport.State.SUBMITTED and report.submitted_at is not None
    assert [link.member for link in report.author_links.all()] == [member2, member]
    entry = report.timeline.get()
    assert (entry.action, entry.from_state, entry.to_state, entry.note) == (
        "create_submitted",
        "",
        "submitted",
        "由提案转来",
    )
    accepted = services.report_accept(report=report, actor=city_clerk)
    assert accepted.state == OpinionReport.State.ACCEPTED
