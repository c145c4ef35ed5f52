"""Adoptions, forwardings and instructions: when they may be recorded, and a report's level."""

import pytest
from django.core.exceptions import ValidationError

from cppcc.core.workflow import InvalidTransition
from opinions import services
from opinions.models import OpinionReport
from opinions.selectors import report_list

pytestmark = pytest.mark.django_db


def record(report, clerk, body, action="adopted", **kwargs):
    return services.adoption_record(
        report=report, actor=clerk, body=body, action=action, date="2024-05-01", **kwargs
    )


def level_of(report, user):
    return report_list(OpinionReport.objects.restrict(user, "view")).get(pk=report.pk).level


@pytest.mark.parametrize("state", ["draft", "submitted", "declined"])
def test_only_accepted_or_published_reports_take_adoptions(make_report, city_clerk, state):
    with pytest.raises(InvalidTransition):
        record(make_report(state=state), city_clerk, "city_cppcc")


def test_the_level_is_the_highest_level_adopted(make_report, city_clerk):
    report = make_report(state="accepted")
    assert level_of(report, city_clerk) is None
    record(report, city_clerk, "province_party_office", "forwarded")
    assert level_of(report, city_clerk) is None  # forwarding is not adoption
    record(report, city_clerk, "city_party_committee")
    assert level_of(report, city_clerk) == "city"
    record(report, city_clerk, "province_cppcc")
    assert level_of(report, city_clerk) == "province"
    record(report, city_clerk, "national_cppcc")
    assert level_of(report, city_clerk) == "national"
    assert (
        record(
            report, city_clerk, "city_government", "instructed", leader="孙爱军", leader_title="市长"
        ).level
        == "city"
    )


def test_each_event_counts_once(make_report, city_clerk):
    report = make_report(state="published")
    record(report, city_clerk, "province_cppcc")
    with pytest.raises(ValidationError):
        record(report, city_clerk, "province_cppcc")
    record(report, city_clerk, "province_cppcc", "forwarded")
    assert report.adoptions.count() == 2


def test_an_instruction_names_its_leader_and_nothing_else_does(make_report, city_clerk):
    report = make_report(state="accepted")
    with pytest.raises(ValidationError):
        record(report, city_clerk, "city_party_committee", "instructed")
    with pytest.raises(ValidationError):
        record(report, city_clerk, "city_party_committee", "adopted", leader="李长萍")
    with pytest.raises(ValidationError):
        record(report, city_clerk, "moon_base")
