"""The demo speeches: 聊城市政协's 2024 plenary has speeches in every state, oral ones ordered before
written ones in its compilation, and the demo member's delivered speech counts in their score."""

import pytest

from cppcc.org import demo as org_demo
from cppcc.org.models import Member
from cppcc.scoring.selectors import member_score
from platforms import demo as platform_demo
from speeches import demo
from speeches.models import Speech, State
from speeches.selectors import selected_for

pytestmark = pytest.mark.django_db


def test_the_demo_plenary_has_speeches_in_every_state():
    org_demo.seed()
    platform_demo.seed()
    assert demo.seed() is True
    assert demo.seed() is False
    plenary_speeches = Speech.objects.filter(activity__kind="plenary", activity__date__year=2024)
    assert set(plenary_speeches.values_list("state", flat=True)) == set(State.values)
    assert plenary_speeches.filter(author_party__isnull=False).exists()
    assert plenary_speeches.filter(author_sector__isnull=False).exists()
    returned = plenary_speeches.get(state=State.DRAFT)
    assert [e.action for e in returned.timeline.order_by("at")] == ["create", "submit", "return"]
    plenary = returned.activity
    clerk = returned.timeline.get(action="return").actor
    rows = [(s.mode, s.order) for s in selected_for(plenary, clerk)]
    assert rows == [
        ("oral", 1),
        ("oral", 2),
        ("oral", 3),
        ("oral", 4),
        ("written", 1),
        ("written", 2),
        ("written", 3),
    ]
    member = Member.objects.get(user__username="member")
    assert Speech.objects.filter(author=member, state=State.DRAFT, activity__date__gt=plenary.date).exists()
    sources = [i.source.kind for i in member_score(member=member, year=2024).items if i.rule.item == "speech"]
    assert "speech" in sources
