"""With the demo data, 聊城市政协's 2024 unit table agrees with the 2024 card: its assignments are
those of the 503 registered proposals (500 assigned, 3 awaiting assignment), objections resolved both
ways, and one proposal closed after a second "unsatisfied"."""

import io

import pytest
from django.core.management import call_command

from cppcc.org.models import Committee, User
from proposals.models import Assignment, Objection, Proposal

pytestmark = pytest.mark.django_db


def test_the_demo_unit_table_of_2024(api):
    call_command("seed_demo", stdout=io.StringIO())
    city = Committee.objects.get(code="liaocheng")
    leader = User.objects.get(username="leader")
    query = {"year": 2024, "committee": city.pk}
    card = api.as_user(leader).get("/api/dashboard/report-card/", query).json()
    rows = api.as_user(leader).get("/api/dashboard/units/", query).json()
    assigned_2024 = Assignment.objects.filter(proposal__registered_at__year=2024, proposal__committee=city)
    assert card["proposals_registered"] == 503
    assert assigned_2024.values("proposal").distinct().count() == 500
    assert sum(row["assigned"] for row in rows) == assigned_2024.count()
    assert sum(row["objections"] for row in rows) == 12
    assert {o: Objection.objects.filter(outcome=o).count() for o in ("reassigned", "dismissed")} == {
        "reassigned": 5,
        "dismissed": 7,
    }
    assert sum(row["unsatisfied"] for row in rows) == 1
    units = [row["unit_name"] for row in rows]
    assert units[0] == "市发展改革委"
    twice = Proposal.objects.get(timeline__action="feedback", timeline__to_state="replied", state="closed")
    assert twice.timeline.filter(action="close", note__contains="两次办理").exists()
