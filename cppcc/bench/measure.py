"""Measurements of the benchmark, each returning plain figures for bench-results.json."""

import datetime
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Exists, Max, OuterRef
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from cppcc.core.downloads import file_bytes
from cppcc.org.models import Committee, Member, User
from opinions import ledger
from opinions.models import OpinionReport
from platforms.models import Activity
from proposals import selectors
from proposals.models import Assignment, Proposal

from .floor import report_card_sql
from .generate import CITY_CLERK, PASSWORD, PROVINCE_CODE


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return round(ordered[index], 1)


# Asks for a fresh response, past the response cache.
FRESH = {"Cache-Control": "no-cache"}


def timed_get(client: Client, url: str, cached: bool = False) -> float:
    """Milliseconds of one request; a fresh response unless ``cached``."""
    headers = {} if cached else FRESH
    started = time.perf_counter()
    response = client.get(url, headers=headers)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}: {response.content[:200]!r}")
    return elapsed


def query_count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=FRESH)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return len(queries)


def with_param(url: str, param: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{param}"


def endpoint_urls() -> dict[str, tuple[str, bool]]:
    """name -> (url, is_list). Lists are measured at page sizes 20, 50 and 200."""
    province = Committee.objects.get(code=PROVINCE_CODE)
    proposal = (
        Proposal.objects.filter(committee__parent__parent=province, number__isnull=False)
        .order_by("id")
        .first()
    )
    report = OpinionReport.objects.order_by("id").first()
    activity = Activity.objects.order_by("id").first()
    member = Member.objects.filter(user__username="bench-member").first()
    lists = [
        "committees",
        "sessions",
        "sectors",
        "special-committees",
        "parties",
        "members",
        "handling-units",
        "proposals",
        "opinions",
        "opinion-issues",
        "activities",
        "rooms",
        "sector-groups",
        "study-rooms",
        "publications",
        "visits",
    ]
    urls = {f"list {name}": (f"/api/{name}/", True) for name in lists}
    urls |= {
        # The yardstick of the lists' targets (≤ 6 × its p50 at page size 50, 10 × at 200).
        "me": ("/api/me/", False),
        "list proposals 200": ("/api/proposals/?page_size=200", False),
        "list proposals overdue": ("/api/proposals/?overdue=true", True),
        "list proposals year": ("/api/proposals/?year=2024", True),
        "detail proposal": (f"/api/proposals/{proposal.pk}/", False),
        "detail opinion": (f"/api/opinions/{report.pk}/", False),
        "detail activity": (f"/api/activities/{activity.pk}/", False),
        "detail member": (f"/api/members/{member.pk}/", False),
        "history proposal": (f"/api/proposals/{proposal.pk}/history/", False),
        "similar proposal": (f"/api/proposals/{proposal.pk}/similar/", False),
        "record member": (f"/api/members/{member.pk}/record/?year=2024", False),
        "ranking": (f"/api/scores/ranking/?committee={member.committee_id}&year=2024", False),
    }
    urls |= dashboard_urls(province)
    return urls


def dashboard_urls(province: Committee) -> dict[str, tuple[str, bool]]:
    """Every dashboard endpoint the URL configuration has, for the province and 2024."""
    from django.urls import get_resolver

    found = {}
    for pattern in _walk(get_resolver().url_patterns, ""):
        if pattern.startswith("api/dashboard/") and "<" not in pattern:
            name = pattern.removeprefix("api/dashboard/").strip("/") or "index"
            found[f"dashboard {name}"] = (f"/{pattern}?year=2024&committee={province.pk}", False)
    return found


def _walk(patterns, prefix):
    for entry in patterns:
        route = prefix + str(entry.pattern).lstrip("^").rstrip("$")
        if hasattr(entry, "url_patterns"):
            yield from _walk(entry.url_patterns, route)
        else:
            yield route


def endpoints(client: Client, repeats: int) -> dict[str, dict]:
    results = {}
    for name, (url, is_list) in endpoint_urls().items():
        timed_url = with_param(url, "page_size=50") if is_list else url
        timed_get(client, timed_url)  # warm up
        samples = [timed_get(client, timed_url) for _ in range(repeats)]
        entry = {"url": url, "p50_ms": percentile(samples, 0.5), "p95_ms": percentile(samples, 0.95)}
        if settings.RESPONSE_CACHE and client.get(timed_url).has_header("X-Cache"):  # now stored
            cached = [timed_get(client, timed_url, cached=True) for _ in range(repeats)]
            entry["cached_p50_ms"] = percentile(cached, 0.5)
        if is_list:
            entry["queries"] = query_count(client, with_param(url, "page_size=20"))
            entry["queries_at_page_size_200"] = query_count(client, with_param(url, "page_size=200"))
        else:
            entry["queries"] = entry["queries_at_page_size_200"] = query_count(client, url)
        results[name] = entry
    return results


def admin_lists(repeats: int) -> dict[str, dict]:
    """The admin's lists as the city's clerk renders them all day: a fresh page of 100 each."""
    client = logged_in_client(CITY_CLERK)
    results = {}
    for name, url in {"proposals": "/admin/proposals/proposal/"}.items():
        timed_get(client, url)  # warm up
        samples = [timed_get(client, url) for _ in range(repeats)]
        results[name] = {
            "url": url,
            "user": CITY_CLERK,
            "rows": client.get(url).content.count(b'name="_selected_action"'),
            "p50_ms": percentile(samples, 0.5),
            "p95_ms": percentile(samples, 0.95),
            "queries": query_count(client, url),
        }
    return results


def similar(client: Client, count: int = 100) -> dict:
    """Similar proposals of ``count`` registered proposals of the cities and the province, each a
    fresh response: cold (the token cache emptied before each call, so every text is segmented
    again), then warm (the same calls again, their texts' tokens cached)."""
    ids = list(
        Proposal.objects.filter(
            number__isnull=False, committee__level__in=[Committee.Level.CITY, Committee.Level.PROVINCE]
        )
        .order_by("?")
        .values_list("id", flat=True)[:count]
    )
    cold = []
    for pk in ids:
        selectors._tokens.cache_clear()
        cold.append(timed_get(client, f"/api/proposals/{pk}/similar/"))
    warm = [timed_get(client, f"/api/proposals/{pk}/similar/") for pk in ids]
    return {
        "proposals": len(ids),
        "p50_ms": percentile(warm, 0.5),
        "p95_ms": percentile(warm, 0.95),
        "cold_p50_ms": percentile(cold, 0.5),
        "cold_p95_ms": percentile(cold, 0.95),
    }


def suggest(count: int = 300) -> dict:
    """Suggested units against the secretariat's real choices: for ``count`` assigned proposals of
    the latest year Y, the units suggested from the years before Y only (as if Y's assignments
    were not yet made), checked against each proposal's lead unit; timed cold (the token cache
    emptied before each call) and warm."""
    year = Proposal.objects.filter(assignments__isnull=False).aggregate(year=Max("session__opened_on__year"))[
        "year"
    ]
    leads = Assignment.objects.filter(role=Assignment.Role.LEAD, proposal__session__opened_on__year=year)
    leads = list(leads.order_by("id").values_list("proposal_id", "unit_id"))
    leads = dict(random.Random(year).sample(leads, min(count, len(leads))))
    if not leads:
        return {"year": year, "proposals": 0}
    proposals = Proposal.objects.filter(pk__in=leads).select_related("session")
    cut_off = datetime.date(year, 1, 1)
    top1 = top3 = 0
    cold, warm = [], []
    for proposal in proposals:
        selectors._tokens.cache_clear()
        started = time.perf_counter()
        ranked = [s.unit.pk for s in selectors.suggested_units(proposal, limit=3, before=cut_off)]
        cold.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        selectors.suggested_units(proposal, limit=3, before=cut_off)
        warm.append((time.perf_counter() - started) * 1000)
        top1 += ranked[:1] == [leads[proposal.pk]]
        top3 += leads[proposal.pk] in ranked
    tested = len(cold)
    return {
        "year": year,
        "proposals": tested,
        "top1": round(top1 / tested, 3) if tested else None,
        "top3": round(top3 / tested, 3) if tested else None,
        "p50_ms": percentile(warm, 0.5) if tested else None,
        "p95_ms": percentile(warm, 0.95) if tested else None,
        "cold_p95_ms": percentile(cold, 0.95) if tested else None,
    }


def report_card(client: Client, repeats: int, year: int = 2024) -> dict:
    """The report card endpoint over the whole province and over its first city, each beside the
    same figures from hand-written SQL (``floor.REPORT_CARD_SQL``); refuses to time them unless both
    give the same card. The province's figures are at the top level, the city's under ``city``."""
    province = Committee.objects.get(code=PROVINCE_CODE)
    city = Committee.objects.get(code="bench-city-1")
    return card_against_floor(client, province, repeats, year) | {
        "city": card_against_floor(client, city, repeats, year)
    }


def card_against_floor(client: Client, committee: Committee, repeats: int, year: int) -> dict:
    url = f"/api/dashboard/report-card/?year={year}&committee={committee.pk}"
    card = client.get(url).json()
    floor = report_card_sql(committee.pk, year)
    if card != floor:
        raise RuntimeError(f"the report card and its SQL floor differ: {card} != {floor}")
    samples = [timed_get(client, url) for _ in range(repeats)]
    endpoint_ms = percentile(samples, 0.5)
    floor_ms = median_ms(lambda: report_card_sql(committee.pk, year), repeats)
    return {
        "url": url,
        "p50_ms": endpoint_ms,
        "sql_floor_ms": floor_ms,
        "ratio": round(endpoint_ms / floor_ms, 2) if floor_ms else None,
    }


def growth(endpoints: dict[str, dict], smaller: dict) -> dict[str, float]:
    """Endpoint → its p50 here over its p50 in ``smaller`` (the results of a run on a smaller size),
    for every list and dashboard endpoint both runs measured."""
    before = smaller.get("endpoints", {})
    return {
        name: round(entry["p50_ms"] / before[name]["p50_ms"], 2)
        for name, entry in endpoints.items()
        if name.startswith(("list ", "dashboard ")) and before.get(name, {}).get("p50_ms")
    }


def ledger_file(committee: Committee, rows: int) -> bytes:
    authors = list(Member.objects.filter(committee=committee).values_list("name", flat=True)[:50])
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(ledger.HEADINGS)
    for i in range(rows):
        sheet.append(
            [
                f"关于基准导入第{i}条社情民意的建议",
                "内容。" * 10,
                authors[i % len(authors)],
                "",
                "社会",
                f"2024-{i % 12 + 1:02d}-{i % 27 + 1:02d}",
                "已录用",
                "",
                "",
                "",
                "省政协采用 2024-12-20" if i % 10 == 0 else "",
            ]
        )
    return file_bytes(workbook)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def hammer(port: int, path: str, headers: dict, seconds: float, threads: int, max_requests: int) -> float:
    """Requests per second of ``threads`` keep-alive clients for ``seconds`` (bounded in count too)."""
    done = [0] * threads
    stop = time.perf_counter() + seconds

    def worker(index: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.perf_counter() < stop and sum(done) < max_requests:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path} answered {response.status}")
            done[index] += 1
        conn.close()

    started = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return round(sum(done) / (time.perf_counter() - started), 1)


# What a visitor reads without signing in (提案公开): the public list page (whole pages cached for
# visitors) and the public API's list.
PUBLIC_LIST = "/public/"
PUBLIC_API = "/api/public/proposals/"


def served(seconds: float = 10.0, mixed_seconds: float | None = None, threads: int = 8) -> dict:
    """Under gunicorn (2 workers), on loopback: the proposal list's throughput from the cache and
    fresh, and the public list's (page and API, as a visitor), against a trivial endpoint
    (``throughput``), the mixed load (``mixed``), then each
    worker's resident size (``memory_mb``)."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or "bench-only-secret-key-" + "x" * 40,
        # The keys the data was written with (with debug on, the development key).
        "FIELD_ENCRYPTION_KEYS": ",".join(
            f"{key_id}:{key}" for key_id, key in settings.FIELD_ENCRYPTION_KEYS.items()
        ),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [
            str(gunicorn),
            "cppcc.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=settings.BASE_DIR,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        headers = token_headers(port, "bench-secretariat")
        limit = 100_000
        path = "/api/proposals/?page_size=20"
        list_rps = hammer(port, path, headers, seconds, threads, limit)
        fresh_rps = hammer(port, path, headers | FRESH, seconds, threads, limit)
        floor_rps = hammer(port, "/healthz", {}, seconds, threads, limit)
        public_rps = hammer(port, PUBLIC_LIST, {"Accept": "text/html"}, seconds, threads, limit)
        public_api_rps = hammer(port, PUBLIC_API, {"Accept": "application/json"}, seconds, threads, limit)
        mixed = mixed_load(port, seconds if mixed_seconds is None else mixed_seconds, threads)
        mixed["ratio"] = round(mixed["rps"] / floor_rps, 2) if floor_rps else None
        memory = workers_memory_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "throughput": {
            "workers": 2,
            "client_threads": threads,
            "seconds": seconds,
            "response_cache": settings.RESPONSE_CACHE,
            "list_rps": list_rps,
            "list_uncached_rps": fresh_rps,
            "floor_rps": floor_rps,
            "ratio": round(list_rps / floor_rps, 2) if floor_rps else None,
            "ratio_uncached": round(fresh_rps / floor_rps, 2) if floor_rps else None,
            "public_rps": public_rps,
            "public_ratio": round(public_rps / floor_rps, 2) if floor_rps else None,
            "public_api_rps": public_api_rps,
            "public_api_ratio": round(public_api_rps / floor_rps, 2) if floor_rps else None,
        },
        "mixed": mixed,
        "memory_mb": memory,
    }


def token_headers(port: int, username: str) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    body = json.dumps({"username": username, "password": PASSWORD})
    conn.request("POST", "/api/auth/token/", body=body, headers={"Content-Type": "application/json"})
    token = json.loads(conn.getresponse().read())["token"]
    return {"Authorization": f"Token {token}", "Accept": "application/json"}


# Who reads in the mixed load: the province's secretariat, the first city's and a member of it.
READERS = ("bench-secretariat", CITY_CLERK, "bench-member")
WRITE_SHARE = 0.05
BENCH_LEADER = "张明"  # who instructs on the reports the mixed load adopts


def mixed_reads(username: str) -> list[str]:
    """The pages a reader opens: the lists' first pages (as the web pages ask for them, 20 a page,
    and filtered by year) and the details of the latest few records they may read."""
    user = User.objects.get(username=username)
    paths = [
        f"/api/{name}/?page_size=20"
        for name in ("proposals", "opinions", "activities", "members", "publications", "committees")
    ]
    paths += ["/api/proposals/?page_size=20&year=2024", "/api/opinions/?page_size=20&year=2024"]
    for model, prefix in ((Proposal, "proposals"), (OpinionReport, "opinions"), (Activity, "activities")):
        ids = model.objects.restrict(user, "view").order_by("-id").values_list("id", flat=True)[:4]
        paths += [f"/api/{prefix}/{pk}/" for pk in ids]
    return paths


def mixed_writes() -> list[tuple[str, dict]]:
    """What the first city's secretariat records, in turn: registrations (while submitted
    proposals last), adoptions of accepted and published reports (those a run before has not
    recorded: a second would be refused as the same event), attendance."""
    from opinions.models import Adoption, Body
    from platforms.models import Attendance

    city = Committee.objects.get(code="bench-city-1")
    registrations = [
        (f"/api/proposals/{pk}/register/", {})
        for pk in Proposal.objects.filter(committee=city, state="submitted").values_list("id", flat=True)
    ]
    recorded = Adoption.objects.filter(
        report=OuterRef("pk"), body=Body.CITY_GOVERNMENT, action="instructed", leader=BENCH_LEADER
    )
    reports = OpinionReport.objects.filter(committee=city, state__in=["accepted", "published"]).exclude(
        Exists(recorded)
    )
    adoptions = [
        (
            f"/api/opinions/{pk}/adoptions/",
            {
                "body": Body.CITY_GOVERNMENT,
                "action": "instructed",
                "date": "2024-12-01",
                "leader": BENCH_LEADER,
                "leader_title": "市长",
                "note": "基准",
            },
        )
        for pk in reports.order_by("-id").values_list("id", flat=True)[:200]
    ]
    entries = Attendance.objects.filter(activity__committee=city, status="present").order_by("-id")
    attendance = [
        (f"/api/activities/{activity}/attendance/", {"member": member, "status": "present"})
        for activity, member in entries.values_list("activity_id", "member_id")[:200]
    ]
    turns = []
    for i in range(max(len(adoptions), len(attendance))):
        for kind in (registrations, adoptions, attendance):
            if i < len(kind):
                turns.append(kind[i])
    return turns


def mixed_load(port: int, seconds: float, threads: int, max_requests: int = 200_000) -> dict:
    """95 % reads by several readers across lists and details, 5 % writes by the secretariat,
    for ``seconds`` after each reader has opened each page once (an office's cache is warm): the
    share of reads the response cache answered, and requests per second. The writes stay in the
    database (registrations use up its submitted proposals)."""
    import random

    readers = [(token_headers(port, name), mixed_reads(name)) for name in READERS]
    writer = token_headers(port, CITY_CLERK) | {"Content-Type": "application/json"}
    writes = mixed_writes()
    warm = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for headers, paths in readers:
        for path in paths:
            warm.request("GET", path, headers=headers)
            warm.getresponse().read()
    warm.close()
    lock = threading.Lock()
    counts = {"reads": 0, "hits": 0, "read_errors": 0, "writes": 0, "write_errors": 0}
    stop = time.perf_counter() + seconds

    def worker(index: int) -> None:
        rng = random.Random(index)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.perf_counter() < stop and sum(counts.values()) < max_requests:
            with lock:
                write = writes.pop(0) if writes and rng.random() < WRITE_SHARE else None
            if write is not None:
                conn.request("POST", write[0], body=json.dumps(write[1]), headers=writer)
            else:
                headers, paths = rng.choice(readers)
                conn.request("GET", rng.choice(paths), headers=headers)
            response = conn.getresponse()
            response.read()
            code = response.status
            with lock:
                if write is not None:
                    outcome = "writes" if code < 300 else "write_errors"
                    counts[outcome] += 1
                elif code != 200:
                    counts["read_errors"] += 1
                else:
                    counts["reads"] += 1
                    counts["hits"] += response.getheader("X-Cache") == "hit"
        conn.close()

    started = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    total = sum(counts.values()) - counts["hits"]
    return {
        "seconds": seconds,
        "readers": list(READERS),
        "paths": sum(len(paths) for _headers, paths in readers),
        "reads": counts["reads"],
        "read_errors": counts["read_errors"],
        "hit_rate": round(counts["hits"] / counts["reads"], 2) if counts["reads"] else None,
        "writes": counts["writes"],
        "write_errors": counts["write_errors"],
        "rps": round(total / elapsed, 1),
    }


def workers_memory_mb(master: int) -> list[float]:
    """The resident size of each child of ``master`` (gunicorn's workers), from /proc."""
    sizes = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master) and "VmRSS" in fields:
            sizes.append(round(int(fields["VmRSS"].split()[0]) / 1024, 1))
    return sorted(sizes)


def portal_pages(repeats: int) -> dict[str, dict]:
    """The portal's home page, fresh, as a member and as the first city's secretariat."""
    results = {}
    for name, username in {"home member": "bench-member", "home secretariat": CITY_CLERK}.items():
        client = logged_in_client(username)
        url = "/portal/?year=2024"
        timed_get(client, url)  # warm up
        samples = [timed_get(client, url) for _ in range(repeats)]
        results[name] = {
            "url": url,
            "user": username,
            "p50_ms": percentile(samples, 0.5),
            "p95_ms": percentile(samples, 0.95),
            "queries": query_count(client, url),
        }
    return results


def logged_in_client(username: str = "bench-secretariat") -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def median_ms(function, repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(samples), 1)


def long_jobs(rows: int = 10_000, year: int = 2024) -> dict:
    """The background jobs, through their queue (run at once in this process): the export of a
    year's opinion reports as the provincial secretariat (the API's export, openpyxl write-only),
    and a ledger of ``rows`` reports imported by the first city's clerk, parse and commit included;
    the imported reports are then removed again, with their authors, adoptions, timelines and
    change history (raw deletes: the application itself never deletes a report)."""
    from huey.contrib.djhuey import HUEY

    from cppcc.core.jobs.services import job_start

    immediate, HUEY.immediate = HUEY.immediate, True
    try:
        secretariat = User.objects.get(username="bench-secretariat")
        started = time.perf_counter()
        export = job_start(
            owner=secretariat,
            kind="opinion_report_export",
            title="bench",
            parameters={"query": f"year={year}"},
        )
        export_seconds = time.perf_counter() - started
        export.refresh_from_db()
        committee = Committee.objects.get(code="bench-city-1")
        upload = ContentFile(ledger_file(committee, rows), name="ledger.xlsx")
        before = OpinionReport.objects.aggregate(last=Max("id"))["last"] or 0
        started = time.perf_counter()
        job = job_start(
            owner=User.objects.get(username=CITY_CLERK),
            kind="opinion_ledger_import",
            title="bench",
            parameters={"committee": committee.pk},
            upload=upload,
        )
        import_seconds = time.perf_counter() - started
        job.refresh_from_db()
    finally:
        HUEY.immediate = immediate
    _remove_reports_after(before)
    for finished in (export, job):
        if finished.state != "done":
            raise RuntimeError(f"the {finished.kind} job failed: {finished.error} {finished.report[:3]}")
        finished.file.delete()
    return {
        "export": {
            "rows": export.total,
            "seconds": round(export_seconds, 2),
            "rows_per_s": round(export.total / export_seconds),
        },
        "import": {
            "rows": job.total,
            "seconds": round(import_seconds, 2),
            "rows_per_s": round(job.total / import_seconds),
        },
    }


def _remove_reports_after(last_id: int) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        for table, column in (
            ("opinions_opinionreporttimelineentry", "report_id"),
            ("opinions_adoption", "report_id"),
            ("opinions_historicaladoption", "report_id"),
            ("opinions_reportauthor", "report_id"),
            ("opinions_historicalreportauthor", "report_id"),
            ("opinions_historicalopinionreport", "id"),
            ("opinions_opinionreport", "id"),
        ):
            cursor.execute(f"DELETE FROM {table} WHERE {column} > %s", [last_id])
