"""Daily reminders (run from a timer): units whose replies fall due in a week or today, and the
secretariat of each committee with the list of what is overdue. Each is sent once a day, however
often the command runs and on however many servers (``cppcc.org.services.remind``)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc.org.models import Committee, NotificationKind
from cppcc.org.services import remind
from proposals import selectors

REMIND_DAYS_BEFORE = 7


class Command(BaseCommand):
    help = "Remind units of replies due in a week or today; tell the secretariat what is overdue."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, date=None, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as error:
            raise CommandError(_("Give the date as YYYY-MM-DD.")) from error
        reminded = 0
        for day, message in (
            (today + datetime.timedelta(days=REMIND_DAYS_BEFORE), _("due in a week, on %(date)s")),
            (today, _("due today, %(date)s")),
        ):
            for assignment in selectors.assignments_due_on(day):
                proposal = assignment.proposal
                reminded += len(
                    remind(
                        users=selectors.unit_contacts([assignment.unit_id]),
                        message=_("Reminder: the reply of %(unit)s to %(code)s “%(title)s” is %(when)s.")
                        % {
                            "unit": assignment.unit.name,
                            "code": proposal.code,
                            "title": proposal.title,
                            "when": message % {"date": day.isoformat()},
                        },
                        about=proposal,
                        kind=NotificationKind.REPLY_DUE,
                        slot=today,
                        params={"date": day.isoformat()},
                    )
                )
        overdue = selectors.overdue_by_committee(today)
        committees = Committee.objects.in_bulk(overdue)
        for committee_id, assignments in overdue.items():
            lines = [
                f"{a.proposal.code} {a.proposal.title} — {a.unit.name} ({a.due_on.isoformat()})"
                for a in assignments
            ]
            remind(
                users=selectors.secretariat_users(committee_id),
                message=_("%(count)d proposal replies are overdue:") % {"count": len(assignments)}
                + " "
                + "；".join(lines),
                about=committees[committee_id],
                kind=NotificationKind.REPLY_DUE,
                slot=today,
                params={"count": len(assignments), "date": today.isoformat()},
            )
        self.stdout.write(
            _("%(reminded)d reminders sent; overdue replies in %(committees)d committees.")
            % {"reminded": reminded, "committees": len(overdue)}
        )
