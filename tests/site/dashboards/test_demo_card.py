"""With the demo data, 聊城市政协's 2024 card is the article's: exact figures exact, "余" figures
between the number and ten percent above it."""

import io

import pytest
from django.core.management import call_command

from cppcc.org.models import Committee, User

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


def test_the_demo_card_of_2024_is_the_articles(api):
    call_command("seed_demo", stdout=io.StringIO())
    city = Committee.objects.get(code="liaocheng")
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
