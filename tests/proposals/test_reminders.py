"""``send_reminders``: units are emailed a week before and on the day replies fall due; the
secretariat is told what is overdue."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from proposals.models import Assignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_emails(unit_contact, city_clerk):
    unit_contact.email = "unit@example.com"
    unit_contact.save()
    city_clerk.email = "clerk@example.com"
    city_clerk.save()


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the command as of ``day``; emails go out when its transactions commit."""

    def run(day):
        out = StringIO()
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", date=day.isoformat(), stdout=out)
        return out.getvalue()

    return run


def test_units_are_reminded_a_week_before_and_on_the_day(assigned, with_emails, run):
    due = assigned.assignments.get().due_on
    run(due - datetime.timedelta(days=7))
    assert [m.to for m in mail.outbox] == [["unit@example.com"]]
    assert assigned.code in mail.outbox[0].body
    run(due)
    assert [m.to for m in mail.outbox] == [["unit@example.com"]]
    run(due - datetime.timedelta(days=3))
    assert mail.outbox == []


def test_secretariat_is_told_what_is_overdue(assigned, with_emails, run):
    due = assigned.assignments.get().due_on
    output = run(due + datetime.timedelta(days=1))
    assert [m.to for m in mail.outbox] == [["clerk@example.com"]]
    assert assigned.title in mail.outbox[0].body and "市住房城乡建设局" in mail.outbox[0].body
    assert output == "已发送 0 条提醒；1 个政协组织有逾期答复。\n"


def test_replied_units_are_not_reminded(replied, with_emails, run):
    due = replied.assignments.get().due_on
    run(due)
    assert mail.outbox == []
    Assignment.objects.update(started_on=datetime.date(2023, 12, 1), due_on=datetime.date(2024, 1, 1))
    run(datetime.date(2024, 2, 1))
    assert mail.outbox == []


def test_bad_date_is_a_command_error():
    with pytest.raises(CommandError):
        call_command("send_reminders", date="2024-02-30")


def test_each_reminder_is_sent_once_however_often_the_command_runs(assigned, with_emails, run):
    due = assigned.assignments.get().due_on
    first = run(due)
    assert [m.to for m in mail.outbox] == [["unit@example.com"]]
    again = run(due)
    assert mail.outbox == []
    assert first.startswith("已发送 1 条提醒") and again.startswith("已发送 0 条提醒")
    overdue = due + datetime.timedelta(days=1)
    run(overdue)
    assert [m.to for m in mail.outbox] == [["clerk@example.com"]]
    run(overdue)
    assert mail.outbox == []
    run(overdue + datetime.timedelta(days=1))
    assert [m.to for m in mail.outbox] == [["clerk@example.com"]]
