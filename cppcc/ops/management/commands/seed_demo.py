"""Load the demo data: each installed app's ``demo.seed()`` in dependency order, each idempotent."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand

from cppcc.org.models import Committee


class Command(BaseCommand):
    help = "Load the demo data of 聊城市政协 and its county committees (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the database already holds committees."
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and Committee.objects.exists():
            self.stdout.write("Demo data already present; nothing loaded.")
            return
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if find_spec(module_name) is None:
                continue
            loaded = import_module(module_name).seed(stdout=self.stdout)
            self.stdout.write(f"{config.verbose_name}: {'loaded' if loaded else 'already present'}")
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
