"""With the demo data, 聊城市政协's 2024 proposal report agrees with the report card's 503 registered
proposals; the demo's replies carry what their letters print, the city has two 2024 digests, and
the demo member's score has points in all three dimensions."""

import io

import pytest
from django.core.management import call_command

from cppcc.org.models import Committee, User
from cppcc.scoring.selectors import member_score
from cppcc.site.dashboards import proposal_report
from cppcc.site.dashboards.params import dashboard_choice
from proposals.models import Digest, Reply

pytestmark = pytest.mark.django_db


def test_the_demo_report_letters_digests_and_dimensions():
    call_command("seed_demo", stdout=io.StringIO())
    city = Committee.objects.get(code="liaocheng")
    leader = User.objects.get(username="leader")
    data = proposal_report.figures(dashboard_choice(leader, {"committee": city.pk, "year": 2024}).scope)
    assert data["registered"] == 503
    source = data["by_source"]
    assert source["individual"] + source["joint"] + source["collective"] == 503
    assert sum(row["count"] for row in data["by_category"]) == 503
    assert data["received"] >= 503 and data["key_proposals"]

    assert not Reply.objects.filter(signer="").exists()
    assert list(Digest.objects.filter(committee=city, year=2024).values_list("number", flat=True)) == [2, 1]

    totals = member_score(member=User.objects.get(username="member").member, year=2024).by_dimension
    assert totals["party_building"] > 0 and totals["credit"] != 0 and totals["duty"] > 0
