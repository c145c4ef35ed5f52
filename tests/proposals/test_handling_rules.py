"""A committee's handling rules: the defaults where it has set none, its own where it has, and
which replies the secretariat reviews."""

import pytest
from django.utils import timezone

from proposals import services
from proposals.models import HandlingRules, ReplyReview
from proposals.services import add_months

pytestmark = pytest.mark.django_db


def test_a_committee_without_rules_follows_the_defaults(city):
    rules = HandlingRules.of(city.pk)
    assert rules.pk is None
    assert (rules.objection_days, rules.rehandling_months) == (5, 1)
    assert not rules.contact_required
    assert rules.reply_review == ReplyReview.OFF


def test_a_committee_with_rules_follows_its_own(city, county):
    HandlingRules.objects.create(committee=city, objection_days=7, rehandling_months=2)
    assert HandlingRules.of(city.pk).objection_days == 7
    assert HandlingRules.of(county.pk).objection_days == 5


@pytest.mark.parametrize(
    ("review", "key", "reviewed"),
    [
        (ReplyReview.OFF, True, False),
        (ReplyReview.KEY, False, False),
        (ReplyReview.KEY, True, True),
        (ReplyReview.ALL, False, True),
    ],
)
def test_which_replies_are_reviewed(city, review, key, reviewed, registered):
    registered.is_key = key
    assert HandlingRules(committee=city, reply_review=review).reviews(registered) is reviewed


def test_rehandling_runs_for_the_committees_period(city, replied, member_login):
    HandlingRules.objects.create(committee=city, rehandling_months=2)
    services.proposal_feedback(
        proposal=replied, actor=member_login, satisfaction="unsatisfied", comment="不具体"
    )
    assert replied.assignments.get().due_on == add_months(timezone.localdate(), 2)
