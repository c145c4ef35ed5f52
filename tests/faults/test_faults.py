"""Faults survived with nothing lost, against the server as it is deployed: gunicorn with two workers,
PostgreSQL and Redis. The application reaches each server through a proxy the test cuts and restores
(tests/proxy.py): an outage for the application alone, the machine's servers keep running for
everyone else. The attachments live on a 1 MB tmpfs where the machine allows mounting one."""

import contextlib
import io
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from openpyxl import Workbook

from cppcc.core.downloads import XLSX
from opinions.ledger import HEADINGS

from ..proxy import Proxy
from ..server_suites import ThreadedLoad

# Setting the stack up migrates a database: the first test's time limit includes it.
pytestmark = [pytest.mark.faults, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PASSWORD = "fault-suite-Pass-1"
DATABASE_MESSAGE = "暂时无法连接平台的数据库"
STORAGE_MESSAGE = "附件存储空间已满"
PG = urlsplit(os.environ.get("FAULTS_POSTGRES_URL") or "postgres://postgres@127.0.0.1:5432/postgres")
REDIS = urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
# A request that takes longer than this during an outage counts as a hang (gunicorn's own limit is 30).
HANG_SECONDS = 20


def psql(sql: str, database: str = "postgres") -> str:
    return subprocess.run(
        ["psql", "-h", PG.hostname, "-p", str(PG.port or 5432), "-U", PG.username or "postgres"]
        + ["-d", database, "-tA", "-c", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


class Stack:
    """gunicorn and its proxies; ``url`` the server, ``database`` the throwaway database's name."""

    def __init__(self, workdir: Path):
        self.server = None
        try:
            self.start(workdir)
        except BaseException:
            self.close()
            raise

    def start(self, workdir: Path):
        self.workdir = workdir
        self.database = f"cppcc_faults_{os.getpid()}"
        self.media = workdir / "media"
        self.media.mkdir()
        self.tmpfs = (
            subprocess.run(
                ["mount", "-t", "tmpfs", "-o", "size=1M", "tmpfs", str(self.media)], capture_output=True
            ).returncode
            == 0
        )
        psql(f'DROP DATABASE IF EXISTS "{self.database}"')
        psql(
            f"CREATE DATABASE \"{self.database}\" ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' "
            "LC_CTYPE 'C.UTF-8' TEMPLATE template0"
        )
        self.postgres = Proxy(PG.port or 5432, PG.hostname)
        self.redis = Proxy(REDIS.port or 6379, REDIS.hostname)
        spare = Proxy(1)  # a free port for gunicorn
        self.port = spare.port
        spare.close()
        user = PG.username or "postgres"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cppcc.settings",
            "DJANGO_SECRET_KEY": "fault-suite-secret-key-not-for-production-" + uuid.uuid4().hex,
            "DJANGO_DEBUG": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_MEDIA_ROOT": str(self.media),
            "DATABASE_URL": f"postgres://{user}@{self.postgres.url_host}/{self.database}?connect_timeout=2",
            "REDIS_URL": f"redis://{self.redis.url_host}{REDIS.path or '/0'}",
            "CACHE_KEY_PREFIX": f"cppcc-faults-{uuid.uuid4().hex}",
            "DJANGO_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
        self.manage("migrate", "--noinput")
        ids = self.manage("shell", "-c", (Path(__file__).parent / "setup_world.py").read_text())
        self.committee, self.session, self.category, self.draft = map(int, ids.split()[-4:])
        self.log = open(workdir / "gunicorn.log", "w")  # noqa: SIM115 (open for the stack's life)
        self.server = subprocess.Popen(
            [str(BIN / "gunicorn"), "cppcc.wsgi:application", "--bind", f"127.0.0.1:{self.port}"]
            + ["--workers", "2", "--timeout", "30", "--graceful-timeout", "2"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.url = f"http://127.0.0.1:{self.port}"
        self.wait_until_healthy()
        self.token = self.post("/api/auth/token/", json={"username": "member", "password": PASSWORD}).json()[
            "token"
        ]

    def manage(self, *args: str) -> str:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def wait_until_healthy(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/healthz", timeout=HANG_SECONDS).status_code == 200:
                    return
            except requests.RequestException:
                pass  # not listening yet, or a worker still importing the application
            time.sleep(0.2)
        raise AssertionError("the server did not become healthy")

    def headers(self) -> dict:
        return {"Authorization": f"Token {self.token}"} if getattr(self, "token", None) else {}

    def get(self, path: str, **kwargs) -> requests.Response:
        headers = {**self.headers(), **kwargs.pop("headers", {})}
        return requests.get(self.url + path, headers=headers, timeout=HANG_SECONDS, **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        headers = {**self.headers(), **kwargs.pop("headers", {})}
        return requests.post(self.url + path, headers=headers, timeout=HANG_SECONDS, **kwargs)

    def new_proposal(self, title: str) -> requests.Response:
        body = {
            "committee": self.committee,
            "session": self.session,
            "category": self.category,
            "title": title,
            "content": "故障演练中提交的提案。",
        }
        return self.post("/api/proposals/", json=body)

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.server.pid}/task/{self.server.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def close(self) -> None:
        """Stop what was started, whatever step the set-up reached."""
        if self.server is not None:
            self.server.terminate()
            try:
                self.server.wait(10)
            except subprocess.TimeoutExpired:
                self.server.kill()
            self.log.close()
        for proxy in (getattr(self, "postgres", None), getattr(self, "redis", None)):
            if proxy is not None:
                proxy.close()
        if hasattr(self, "database"):
            psql(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        if getattr(self, "tmpfs", False):
            subprocess.run(["umount", str(self.media)], check=False)


@pytest.fixture(scope="module")
def stack():
    with tempfile.TemporaryDirectory() as workdir:
        stack = Stack(Path(workdir))
        try:
            yield stack
        finally:
            stack.close()


class Load(ThreadedLoad):
    """Writes and reads from two threads until stopped: each answer with its status and time."""

    def __init__(self, stack: Stack):
        super().__init__(self.write, self.read)
        self.stack = stack
        self.writes: list[tuple[str, int, float]] = []  # title, status (0: no answer), seconds
        self.unavailable: list[requests.Response] = []  # the 503 answers, writes' and reads' alike
        self.reads: list[tuple[int, float]] = []  # status (0: no answer), seconds

    def write(self):
        while not self.stop.is_set():
            title = f"故障演练 {uuid.uuid4().hex[:12]}"
            started = time.monotonic()
            try:
                response = self.stack.new_proposal(title)
                status = response.status_code
            except requests.RequestException:
                response, status = None, 0
            if status == 503:
                self.unavailable.append(response)
            self.writes.append((title, status, time.monotonic() - started))
            time.sleep(0.05)

    def read(self):
        while not self.stop.is_set():
            started = time.monotonic()
            try:
                response = self.stack.get("/api/proposals/", headers={"Cache-Control": "no-cache"})
                status = response.status_code
            except requests.RequestException:
                response, status = None, 0
            if status == 503:
                self.unavailable.append(response)
            self.reads.append((status, time.monotonic() - started))
            time.sleep(0.05)


def test_a_postgresql_outage_answers_503_and_loses_no_acknowledged_write(stack):
    with Load(stack) as load:
        time.sleep(2)
        stack.postgres.cut()
        time.sleep(4)
        health = stack.get("/healthz")
        stack.postgres.restore()
        time.sleep(4)
    statuses = {status for _title, status, _s in load.writes} | {status for status, _s in load.reads}
    assert 503 in statuses, statuses
    assert statuses <= {200, 201, 503}, statuses  # no 500, no request left unanswered
    assert max(seconds for *_rest, seconds in load.writes + load.reads) < HANG_SECONDS
    for unavailable in load.unavailable:
        assert unavailable.json()["code"] == "database_unavailable"
        assert DATABASE_MESSAGE in unavailable.json()["detail"] and unavailable.headers["Retry-After"] == "5"
    assert health.status_code == 503 and health.json()["database"] == "unavailable"
    # Recovered without a restart: the last answers are successes again.
    assert load.writes[-1][1] == 201 and load.reads[-1][0] == 200
    acknowledged = {title for title, status, _s in load.writes if status == 201}
    stored = set(psql("SELECT title FROM proposals_proposal", stack.database).splitlines())
    assert acknowledged <= stored
    # Nothing half-applied: every proposal stored has its change-history row, written in its transaction.
    unrecorded = psql(
        # The load's proposals (the set-up's draft is a factory's, written without its history).
        "SELECT count(*) FROM proposals_proposal p WHERE p.title LIKE '故障演练%' AND NOT EXISTS "
        "(SELECT 1 FROM proposals_historicalproposal h WHERE h.id = p.id)",
        stack.database,
    )
    assert unrecorded == "0"
    unanswered = {title for title, status, _s in load.writes if status != 201}
    # A write cut at its COMMIT may have committed without its answer; any other is absent.
    assert len(unanswered & stored) <= 1


def test_a_page_during_a_postgresql_outage_is_a_chinese_503(stack):
    login = requests.get(stack.url + "/accounts/login/", timeout=HANG_SECONDS)
    token = login.cookies["csrftoken"]
    stack.postgres.cut()
    try:
        response = requests.post(
            stack.url + "/accounts/login/",
            data={"username": "member", "password": PASSWORD, "csrfmiddlewaretoken": token},
            cookies={"csrftoken": token},
            timeout=HANG_SECONDS,
        )
    finally:
        stack.postgres.restore()
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
    assert DATABASE_MESSAGE in response.text and "<html" in response.text
    assert sign_in(stack).status_code == 302  # and back without a restart


def sign_in(stack: Stack) -> requests.Response:
    """The portal's sign-in, cookies sent by hand (they are Secure: requests keeps them off http)."""
    login = requests.get(stack.url + "/accounts/login/", timeout=HANG_SECONDS)
    token = login.cookies["csrftoken"]
    return requests.post(
        stack.url + "/accounts/login/",
        data={"username": "member", "password": PASSWORD, "csrfmiddlewaretoken": token},
        cookies={"csrftoken": token},
        allow_redirects=False,
        timeout=HANG_SECONDS,
    )


def test_a_redis_outage_serves_uncached_and_nothing_stale_after(stack):
    for _ in range(3):  # both workers hold the list in the cache
        assert stack.get("/api/proposals/?page_size=200").status_code == 200
    stack.redis.cut()
    try:
        health = requests.get(stack.url + "/healthz", timeout=HANG_SECONDS)
        assert health.status_code == 503 and health.json() == {"database": "ok", "cache": "unavailable"}
        assert stack.get("/api/proposals/").status_code == 200
        assert (
            stack.post("/api/auth/token/", json={"username": "member", "password": PASSWORD}).status_code
            == 200
        )
        signed_in = sign_in(stack)
        assert signed_in.status_code == 302, signed_in.text[:500]
        portal = requests.get(
            stack.url + "/portal/",
            cookies={"sessionid": signed_in.cookies["sessionid"]},
            timeout=HANG_SECONDS,
        )
        assert portal.status_code == 200
        created = stack.new_proposal("缓存中断时提交")
        assert created.status_code == 201
    finally:
        stack.redis.restore()
    time.sleep(2)  # the worker that missed the write empties the deployment's entries within a second
    assert requests.get(stack.url + "/healthz", timeout=HANG_SECONDS).status_code == 200
    for _ in range(4):  # whichever worker answers
        titles = [row["title"] for row in stack.get("/api/proposals/?page_size=200").json()["results"]]
        assert "缓存中断时提交" in titles


def attachment_state(stack: Stack) -> tuple[set[str], set[str]]:
    rows = set(psql("SELECT file FROM proposals_attachment", stack.database).splitlines())
    root = stack.media
    files = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    return rows, files


def kill_workers(stack: Stack) -> None:
    for pid in stack.workers():
        os.kill(pid, signal.SIGKILL)


def test_a_worker_killed_during_uploads_leaves_nothing_partial(stack):
    body = b"%PDF-1.4 " + os.urandom(64 * 1024)

    def upload():
        with contextlib.suppress(requests.RequestException):  # the killed worker's requests fail
            stack.post(
                f"/api/proposals/{stack.draft}/attachments/",
                files={"file": ("调研报告.pdf", body, "application/pdf")},
            )

    for delay in (0.0, 0.01, 0.03, 0.05, 0.1):
        threads = [threading.Thread(target=upload) for _ in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(delay)
        kill_workers(stack)
        for thread in threads:
            thread.join()
        stack.wait_until_healthy()
    rows, files = attachment_state(stack)
    assert rows <= files  # every attachment recorded has its whole file
    for name in rows:
        assert (stack.media / name).stat().st_size == len(body)
    # A worker killed between the file and the commit leaves a file no record names: the sweep removes it.
    stack.manage("files_orphans", "--delete", "--older-than", "0")
    rows, files = attachment_state(stack)
    assert rows == files


def test_a_full_disk_is_a_chinese_507_with_nothing_written(stack):
    if not stack.tmpfs:
        pytest.skip("no tmpfs could be mounted here (tests/core/test_file_storage.py simulates ENOSPC)")
    before = attachment_state(stack)
    too_big = b"%PDF-1.4 " + os.urandom(2 * 1024 * 1024)
    response = stack.post(
        f"/api/proposals/{stack.draft}/attachments/",
        files={"file": ("大文件.pdf", too_big, "application/pdf")},
    )
    assert response.status_code == 507
    assert response.json()["code"] == "storage_full" and STORAGE_MESSAGE in response.json()["detail"]
    assert attachment_state(stack) == before
    small = stack.post(
        f"/api/proposals/{stack.draft}/attachments/",
        files={"file": ("小文件.pdf", b"%PDF-1.4 ok", "application/pdf")},
    )
    assert small.status_code == 201


def test_a_worker_killed_during_registrations_leaves_none_half_registered(stack):
    token = requests.post(
        stack.url + "/api/auth/token/", json={"username": "clerk", "password": PASSWORD}, timeout=HANG_SECONDS
    ).json()["token"]
    pending = queue.Queue()
    for pk in psql(
        "SELECT id FROM proposals_proposal WHERE state = 'submitted' ORDER BY id", stack.database
    ).split():
        pending.put(int(pk))
    answers: dict[int, int] = {}  # proposal: status (0: no answer)

    def register():
        while True:
            try:
                pk = pending.get_nowait()
            except queue.Empty:
                return
            try:
                answers[pk] = requests.post(
                    f"{stack.url}/api/proposals/{pk}/register/",
                    headers={"Authorization": f"Token {token}"},
                    timeout=HANG_SECONDS,
                ).status_code
            except requests.RequestException:
                answers[pk] = 0

    threads = [threading.Thread(target=register) for _ in range(4)]
    for thread in threads:
        thread.start()
    kills = 0
    for delay in (0.05, 0.15, 0.3, 0.5, 0.1, 0.2):  # then the registrations left run undisturbed
        time.sleep(delay)
        if pending.empty():
            break
        kill_workers(stack)
        kills += 1
        stack.wait_until_healthy()
    for thread in threads:
        thread.join()
    assert kills >= 3
    assert set(answers.values()) == {0, 200}  # some requests cut by the kills, no error answered

    rows = psql(
        "SELECT id, session_id, state, coalesce(number, 0), registered_at IS NOT NULL "
        "FROM proposals_proposal WHERE title LIKE '待立案%'",
        stack.database,
    )
    registered, numbers = set(), {}
    for row in rows.splitlines():
        pk, session, state, number, stamped = row.split("|")
        assert state in {"submitted", "registered"}
        # Registered, numbered and stamped together, or none of them.
        assert (state == "registered") == (number != "0") == (stamped == "t"), row
        if state == "registered":
            registered.add(int(pk))
            numbers.setdefault(session, []).append(int(number))
    assert {pk for pk, status in answers.items() if status == 200} <= registered
    counters = dict(
        row.split("|")
        for row in psql(
            "SELECT session_id, last_number FROM proposals_numbercounter", stack.database
        ).splitlines()
    )
    for session, given in numbers.items():
        assert sorted(given) == list(range(1, len(given) + 1))  # gapless, none twice
        assert int(counters[session]) == len(given)
    entries = psql(
        "SELECT proposal_id, count(*) FROM proposals_proposaltimelineentry WHERE to_state = 'registered' "
        "GROUP BY proposal_id",
        stack.database,
    )
    assert {int(pk): int(n) for pk, n in (row.split("|") for row in entries.splitlines())} == dict.fromkeys(
        registered, 1
    )


def admin_cookies(stack: Stack) -> dict:
    """The secretariat signed in to the admin: its session and CSRF cookies (sent by hand)."""
    login = requests.get(stack.url + "/admin/login/", timeout=HANG_SECONDS)
    token = login.cookies["csrftoken"]
    signed_in = requests.post(
        stack.url + "/admin/login/",
        data={"username": "clerk", "password": PASSWORD, "csrfmiddlewaretoken": token, "next": "/admin/"},
        cookies={"csrftoken": token},
        allow_redirects=False,
        timeout=HANG_SECONDS,
    )
    assert signed_in.status_code == 302, signed_in.text[:500]
    return {
        "sessionid": signed_in.cookies["sessionid"],
        "csrftoken": signed_in.cookies.get("csrftoken", token),
    }


LEDGER_ROWS = 2000  # below JOBS_BACKGROUND_ROWS: parsed and written in the request


def ledger(batch: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADINGS)
    for n in range(LEDGER_ROWS):
        sheet.append(
            [f"断电导入 {batch}-{n}", "台账中的社情民意信息。", "李明远", "", "社会", "2024-03-05", "已报送"]
        )
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def writing_reports(stack: Stack) -> bool:
    """Whether a transaction holds the lock that inserting opinion reports takes (until it ends)."""
    return (
        psql(
            "SELECT count(*) FROM pg_locks WHERE relation = 'opinions_opinionreport'::regclass "
            "AND mode = 'RowExclusiveLock' AND pid <> pg_backend_pid()",
            stack.database,
        )
        != "0"
    )


def imported(stack: Stack, batch: str) -> dict:
    """A batch's reports and the rows written with each: authors, history and timeline."""
    like = f"'断电导入 {batch}-%'"
    ids = f"(SELECT id FROM opinions_opinionreport WHERE title LIKE {like})"
    return {
        table: int(psql(f"SELECT count(*) FROM {table} WHERE {column} IN {ids}", stack.database))
        for table, column in (
            ("opinions_opinionreport", "id"),
            ("opinions_reportauthor", "report_id"),
            ("opinions_historicalopinionreport", "id"),
            ("opinions_opinionreporttimelineentry", "report_id"),
        )
    }


def test_a_worker_killed_during_a_ledger_import_leaves_nothing_partial(stack):
    cookies = admin_cookies(stack)
    files_before = attachment_state(stack)[1]
    jobs_before = psql("SELECT count(*) FROM jobs_job", stack.database)

    def send(batch: str) -> int:
        try:
            return requests.post(
                stack.url + "/admin/opinions/opinionreport/import-ledger/",
                data={
                    "committee": stack.committee,
                    "confirm": "1",
                    "csrfmiddlewaretoken": cookies["csrftoken"],
                },
                files={"file": ("社情民意信息台账.xlsx", ledger(batch), XLSX)},
                cookies=cookies,
                allow_redirects=False,
                timeout=120,
            ).status_code
        except requests.RequestException:
            return 0

    # Undisturbed, the import goes through whole.
    assert send("whole") == 302
    whole = imported(stack, "whole")
    assert whole == dict.fromkeys(whole, LEDGER_ROWS)

    outcomes = {}
    for attempt in range(3):
        batch = f"killed{attempt}"
        answer = []
        sender = threading.Thread(target=lambda batch=batch, answer=answer: answer.append(send(batch)))
        sender.start()
        deadline = time.monotonic() + 60
        while not writing_reports(stack):  # parsed, now writing: the moment to kill
            assert time.monotonic() < deadline and sender.is_alive(), "the import never wrote"
        kill_workers(stack)
        sender.join()
        stack.wait_until_healthy()
        while writing_reports(stack):  # the server rolls the dead worker's transaction back
            assert time.monotonic() < deadline, "the killed import's transaction stayed open"
            time.sleep(0.1)
        outcomes[batch] = (answer[0], imported(stack, batch))
    for status, counts in outcomes.values():
        # All or nothing: a kill a moment after the commit may have left a whole import unanswered.
        assert set(counts.values()) in ({0}, {LEDGER_ROWS}), outcomes
        assert status == 0 or set(counts.values()) == {LEDGER_ROWS}, outcomes
    assert any(counts["opinions_opinionreport"] == 0 for _status, counts in outcomes.values()), outcomes
    assert attachment_state(stack)[1] == files_before  # nothing on disk: the import keeps no file
    assert psql("SELECT count(*) FROM jobs_job", stack.database) == jobs_before
