"""With the demo data (built once for these tests), 聊城市政协's 2024 figures are the article's: the
report card (exact figures exact, "余" figures between the number and ten percent above it); the
proposal report agrees with its 503 registered proposals, the replies carry what their letters
print, the city has two 2024 digests and the demo member's score has points in all three
dimensions; the unit table's assignments are those of the 503 (500 assigned, 3 awaiting
assignment), objections resolved both ways, and one proposal closed after a second "unsatisfied"."""

import pytest

from cppcc.org.models import User
from cppcc.scoring.selectors import member_score
from cppcc.site.dashboards import proposal_report
from cppcc.site.dashboards.params import dashboard_choice
from proposals.models import Assignment, Digest, Objection, Proposal, Reply

pytestmark = pytest.mark.django_db

EXACT = {
    "consultation_tasks_completed": 10,
    "proposals_registered": 503,
    "opinions_submitted": 1978,
    "opinions_adopted": {
        "province_cppcc": 35,
        "forwarded_national_cppcc": 16,
        "forwarded_province_party_office": 19,
        "city_party_committee": 36,
    },
    "visits": {"chambers_of_commerce": 6, "member_enterprises": 113},
}
AT_LEAST = {  # "余": the number, up to ten percent more
    ("duty_activities",): 100,
    ("party_learning_sessions",): 40,
    ("deliberation", "activities"): 270,
    ("sector_groups", "people_reached"): 3500,
    ("study", "learning_activities"): 60,
    ("study", "reading_activities"): 60,
    ("study", "lectures"): 20,
    ("publicity", "provincial_media_articles"): 40,
    ("publicity", "wechat_posts"): 5200,
}


def test_the_demo_card_of_2024_is_the_articles(api, demo_city):
    city = demo_city
    leader = User.objects.get(username="leader")
    card = api.as_user(leader).get("/api/dashboard/report-card/", {"year": 2024, "committee": city.pk}).json()
    assert {key: card[key] for key in EXACT} == EXACT
    assert card["deliberation"]["rooms"] == 136 and card["deliberation"]["problems_solved"] == 522
    assert {key: card["sector_groups"][key] for key in ("total", "new", "sectors", "lead_members")} == {
        "total": 8,
        "new": 2,
        "sectors": 8,
        "lead_members": 24,
    }
    assert card["sector_groups"]["team_members"] == 69 and card["sector_groups"]["activities"] == 72
    assert card["study"]["study_rooms"] == 42
    for path, number in AT_LEAST.items():
        value = card
        for key in path:
            value = value[key]
        assert number <= value <= number * 1.1, path


def test_the_demo_report_letters_digests_and_dimensions(demo_city):
    city = demo_city
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


def test_the_demo_unit_table_of_2024(api, demo_city):
    city = demo_city
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
