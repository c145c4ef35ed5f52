"""Demo rule tables: the default rules of DOMAIN.md for every committee, 2022–2025."""

from django.db import transaction

from cppcc.org.models import Committee

from .models import ScoreRule
from .services import rules_load_defaults

YEARS = range(2022, 2026)


def seed(stdout=None) -> bool:
    if ScoreRule.objects.exists() or not Committee.objects.exists():
        return False
    with transaction.atomic():
        added = sum(
            rules_load_defaults(committee=committee, year=year)
            for committee in Committee.objects.all()
            for year in YEARS
        )
    if stdout:
        stdout.write(f"  score rules: {added}")
    return True
