"""Writes of the rule table: the defaults of DOMAIN.md for a committee's year, and copying a year on."""

from django.db import transaction

from cppcc.org.models import Committee

from .models import DEFAULT_RULES, ScoreRule


@transaction.atomic
def rules_load_defaults(*, committee: Committee, year: int) -> int:
    """Add the default rules a committee's table lacks for the year; returns how many were added."""
    present = set(ScoreRule.objects.filter(committee=committee, year=year).values_list("item", flat=True))
    rules = [
        ScoreRule(committee=committee, year=year, item=item, dimension=dimension, points=points, cap=cap)
        for item, (dimension, points, cap) in DEFAULT_RULES.items()
        if item not in present
    ]
    ScoreRule.objects.bulk_create(rules)
    return len(rules)


@transaction.atomic
def rules_copy_to_year(*, rules, year: int) -> int:
    """Copy rules to another year, leaving items that year already has alone; returns how many."""
    copied = 0
    for rule in rules:
        _rule, created = ScoreRule.objects.get_or_create(
            committee_id=rule.committee_id,
            year=year,
            item=rule.item,
            defaults={"dimension": rule.dimension, "points": rule.points, "cap": rule.cap},
        )
        copied += created
    return copied
