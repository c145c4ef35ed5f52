"""``manage.py bench --scale N``: write province-scale data (once) and measure the system.

Prints a table and writes ``bench-results.json`` in the project root. PostgreSQL only: the
figures are meant for the production database."""

import gc
import json
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from cppcc.bench import measure
from cppcc.bench.generate import PROVINCE_CODE, VOLUME, generate
from cppcc.org.models import Committee


class Command(BaseCommand):
    help = "Generate SCALE × the 2024 volume of 聊城市政协 over a province, then measure the API."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=10)
        parser.add_argument("--repeats", type=int, default=20, help="timed requests per endpoint")
        parser.add_argument("--throughput-seconds", type=float, default=10.0)
        parser.add_argument("--output", default=str(settings.BASE_DIR / "bench-results.json"))

    def handle(self, *args, scale, repeats, throughput_seconds, output, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark needs PostgreSQL: set DATABASE_URL=postgres://…")
        if scale < 1:
            raise CommandError("--scale must be at least 1")
        results = {"scale": scale}
        if Committee.objects.filter(code=PROVINCE_CODE).exists():
            self.stdout.write("Benchmark data already present; measuring it as it is.")
            results["generation"] = None
        else:
            self.stdout.write(f"Generating {scale} × the 2024 volume over a province …")
            generated = generate(scale)
            results["generation"] = {
                "seconds": round(generated.seconds, 1),
                "rows_per_s": generated.rows_per_s,
            }
            self.stdout.write(
                f"  {sum(generated.rows.values()):,} rows in {generated.seconds:.1f} s "
                f"({generated.rows_per_s:,.0f} rows/s)"
            )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        results["rows"] = self.rows()
        client = measure.logged_in_client()
        # As the WSGI entry point does (cppcc/wsgi.py): the loaded code out of the collector's way.
        gc.collect()
        gc.freeze()
        started = time.perf_counter()
        results["endpoints"] = measure.endpoints(client, repeats)
        results["admin"] = measure.admin_lists(repeats)
        results["report_card"] = measure.report_card(client, repeats)
        results["similar"] = measure.similar(client)
        results.update(measure.long_jobs())
        results["throughput"] = measure.throughput(seconds=throughput_seconds)
        results["measured_in_s"] = round(time.perf_counter() - started, 1)
        self.report(results)
        with open(output, "w", encoding="utf-8") as handle:
            json.dump(results, handle, ensure_ascii=False, indent=2)
        self.stdout.write(self.style.SUCCESS(f"Wrote {output}"))

    def rows(self) -> dict[str, int]:
        from cppcc.org.models import Member
        from opinions.models import Adoption, OpinionReport
        from platforms.models import Activity, Attendance, DeliberationRoom, Publication, Visit
        from proposals.models import Proposal

        models = {
            "committees": Committee,
            "members": Member,
            "proposals": Proposal,
            "opinion_reports": OpinionReport,
            "adoptions": Adoption,
            "activities": Activity,
            "attendance": Attendance,
            "rooms": DeliberationRoom,
            "publications": Publication,
            "visits": Visit,
        }
        return {name: model.objects.count() for name, model in models.items()}

    def report(self, results: dict) -> None:
        write = self.stdout.write
        write(
            f"\nscale {results['scale']} (volume per scale unit: {VOLUME['proposals']} proposals, "
            f"{VOLUME['reports']} reports, {VOLUME['attendance']} attendance rows …)"
        )
        write("rows: " + ", ".join(f"{k} {v:,}" for k, v in results["rows"].items()))
        write(f"\n{'endpoint':42} {'p50 ms':>8} {'p95 ms':>8} {'cached':>8} {'queries':>8} {'@200':>6}")
        for name, entry in results["endpoints"].items():
            write(
                f"{name:42} {entry['p50_ms']:>8} {entry['p95_ms']:>8} {entry.get('cached_p50_ms', '—'):>8} "
                f"{entry['queries']:>8} {entry['queries_at_page_size_200']:>6}"
            )
        for key in ("admin", "report_card", "similar", "export", "import", "throughput"):
            if key in results:
                write(f"{key}: {json.dumps(results[key], ensure_ascii=False)}")
