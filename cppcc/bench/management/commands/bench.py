"""``manage.py bench --scale SIZE``: write province-scale data (once) and measure the system.

Prints a table and writes ``bench-results.json`` in the project root. PostgreSQL only: the
figures are meant for the production database. ``--growth-from`` names the results of a run at a
smaller size, and adds ``growth``: each list and dashboard endpoint's p50 here over its p50 there."""

import gc
import json
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from cppcc.bench import measure
from cppcc.bench.generate import PROVINCE_CODE, SIZES, VOLUME, generate, scale_of, size
from cppcc.org.models import Committee

PARTS = ("endpoints", "admin", "report_card", "similar", "suggest", "import", "throughput")


class Command(BaseCommand):
    help = (
        "Generate a province's data (ci: one city-year of 聊城市政协's volume; province: the province "
        "decade, 170 city-years), then measure the API."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            default="province",
            help=f"{' or '.join(SIZES)} ({', '.join(f'{k} = {v}' for k, v in SIZES.items())}) or a number "
            "of city-years",
        )
        parser.add_argument("--repeats", type=int, default=20, help="timed requests per endpoint")
        parser.add_argument("--throughput-seconds", type=float, default=10.0)
        parser.add_argument(
            "--mixed-seconds",
            type=float,
            default=None,
            help="how long the mixed load runs (default: --throughput-seconds)",
        )
        parser.add_argument("--output", default=str(settings.BASE_DIR / "bench-results.json"))
        parser.add_argument(
            "--growth-from", help="results of a run at a smaller size (e.g. --scale ci), for `growth`"
        )
        parser.add_argument(
            "--skip", default="", help=f"parts not to measure, comma-separated: {','.join(PARTS)}"
        )

    def handle(
        self, *args, scale, repeats, throughput_seconds, mixed_seconds, output, growth_from, skip, **options
    ):
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark needs PostgreSQL: set DATABASE_URL=postgres://…")
        try:
            scale = scale_of(scale)
        except ValueError as error:
            raise CommandError(str(error)) from error
        if scale < 1:
            raise CommandError("--scale must be at least 1")
        skipped = {part for part in skip.split(",") if part}
        if skipped - set(PARTS):
            raise CommandError(f"--skip: unknown parts {', '.join(sorted(skipped - set(PARTS)))}")
        smaller = None
        if growth_from:
            with open(growth_from, encoding="utf-8") as handle:
                smaller = json.load(handle)
        results = {"scale": scale}
        if Committee.objects.filter(code=PROVINCE_CODE).exists():
            self.stdout.write("Benchmark data already present; measuring it as it is.")
            results["generation"] = None
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        else:
            self.stdout.write(f"Generating {scale} city-years over a province …")
            generated = generate(scale)
            results["generation"] = {
                "rows": sum(generated.rows.values()),
                "seconds": round(generated.seconds, 1),
                "rows_per_s": generated.rows_per_s,
                "index_seconds": round(generated.index_seconds, 1),
                "vacuum_analyze_seconds": round(generated.vacuum_seconds, 1),
            }
            self.stdout.write(
                f"  {sum(generated.rows.values()):,} rows in {generated.seconds:.1f} s "
                f"({generated.rows_per_s:,.0f} rows/s), VACUUM ANALYZE {generated.vacuum_seconds:.1f} s"
            )
        results["rows"] = self.rows()
        results["size"] = size()
        client = measure.logged_in_client()
        # As the WSGI entry point does (cppcc/wsgi.py): the loaded code out of the collector's way.
        gc.collect()
        gc.freeze()
        started = time.perf_counter()
        if "endpoints" not in skipped:
            results["endpoints"] = measure.endpoints(client, repeats)
            if smaller is not None:
                results["growth"] = measure.growth(results["endpoints"], smaller)
        if "admin" not in skipped:
            results["admin"] = measure.admin_lists(repeats)
            results["portal"] = measure.portal_pages(repeats)
        if "report_card" not in skipped:
            results["report_card"] = measure.report_card(client, repeats)
        if "similar" not in skipped:
            results["similar"] = measure.similar(client)
        if "suggest" not in skipped:
            results["suggest"] = measure.suggest()
        if "import" not in skipped:
            results.update(measure.long_jobs())
        if "throughput" not in skipped:
            results |= measure.served(seconds=throughput_seconds, mixed_seconds=mixed_seconds)
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
            f"\nscale {results['scale']} city-years (one: {VOLUME['proposals']} proposals, "
            f"{VOLUME['reports']} reports, {VOLUME['attendance']} attendance rows …)"
        )
        write("size: " + ", ".join(f"{k} {v:,}" for k, v in results["size"].items()))
        if "endpoints" in results:
            growth = results.get("growth", {})
            write(
                f"\n{'endpoint':42} {'p50 ms':>8} {'p95 ms':>8} {'cached':>8} {'queries':>8} {'@200':>6} "
                f"{'growth':>7}"
            )
            for name, entry in results["endpoints"].items():
                write(
                    f"{name:42} {entry['p50_ms']:>8} {entry['p95_ms']:>8} "
                    f"{entry.get('cached_p50_ms', '—'):>8} {entry['queries']:>8} "
                    f"{entry['queries_at_page_size_200']:>6} {growth.get(name, '—'):>7}"
                )
        for key in (
            "generation",
            "admin",
            "portal",
            "report_card",
            "similar",
            "suggest",
            "export",
            "import",
            "throughput",
            "mixed",
            "memory_mb",
        ):
            if results.get(key):
                write(f"{key}: {json.dumps(results[key], ensure_ascii=False)}")
