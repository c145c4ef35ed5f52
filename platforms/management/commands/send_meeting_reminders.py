"""The day-before reminder of meetings (run daily from a timer): every member still expected at
tomorrow's activities is told, by SMS where their phone is known, once however often it runs."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from platforms.notices import send_meeting_reminders


class Command(BaseCommand):
    help = "Remind members of tomorrow's meetings (once each)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, date=None, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as error:
            raise CommandError(_("Give the date as YYYY-MM-DD.")) from error
        reminded = send_meeting_reminders(today=today)
        self.stdout.write(_("%(count)d meeting reminders sent.") % {"count": len(reminded)})
