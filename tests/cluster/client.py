"""What the cluster suite and its figures (deploy/cluster/figures.py) use to reach the running
`make cluster`: its addresses and environment, PostgreSQL on either side, a browser that keeps its
cookies by hand (they are Secure, and the cluster speaks plain HTTP on loopback), a bounded load."""

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import requests

from ..server_suites import ThreadedLoad

ROOT = Path(__file__).resolve().parents[2]
STATE = ROOT / ".cluster"
SCRIPT = ROOT / "deploy" / "cluster" / "cluster.sh"
NGINX = "http://127.0.0.1:8100"
INSTANCES = ("http://127.0.0.1:8101", "http://127.0.0.1:8102")
PRIMARY_PORT, REPLICA_PORT = 5432, 5433
DATABASE = "cppcc_cluster"
PASSWORD = "cluster-Demo-2026"
TIMEOUT = 30


def environment() -> dict:
    pairs = (line.split("=", 1) for line in (STATE / "env").read_text().splitlines() if "=" in line)
    return {**os.environ, **dict(pairs)}


def psql(sql: str, port: int = PRIMARY_PORT) -> str:
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", DATABASE, "-tAc", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def cluster(*args: str) -> None:
    subprocess.run([str(SCRIPT), *args], check=True, capture_output=True)


def manage(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def connect(port: int):
    connection = psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname=DATABASE)
    connection.autocommit = True
    return connection


def replica_lag(seconds: float = 30) -> float:
    """Seconds from now until the replica has replayed every transaction the primary has committed."""
    primary, replica = connect(PRIMARY_PORT), connect(REPLICA_PORT)
    try:
        with primary.cursor() as on_primary, replica.cursor() as on_replica:
            started = time.monotonic()
            on_primary.execute("SELECT pg_current_wal_flush_lsn()")
            position = on_primary.fetchone()[0]
            while True:
                on_replica.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [position])
                if on_replica.fetchone()[0]:
                    return time.monotonic() - started
                if time.monotonic() - started > seconds:
                    raise AssertionError(f"the replica did not replay {position} in {seconds} s")
                time.sleep(0.001)
    finally:
        primary.close()
        replica.close()


class Browser:
    """A person's browser: its cookies kept by hand, sent to whichever address it is pointed at."""

    def __init__(self, username: str, base: str = NGINX):
        self.cookies: dict[str, str] = {}
        self.get("/accounts/login/", base=base)
        signed_in = self.post(
            "/accounts/login/",
            base=base,
            data={
                "username": username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.cookies["csrftoken"],
            },
        )
        assert signed_in.status_code == 302, signed_in.text[:300]

    def request(self, method: str, path: str, base: str = NGINX, **kwargs) -> requests.Response:
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "Referer": base + "/",
            **kwargs.pop("headers", {}),
        }
        response = requests.request(
            method, base + path, headers=headers, allow_redirects=False, timeout=TIMEOUT, **kwargs
        )
        self.cookies.update(response.cookies.get_dict())
        return response

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def put_json(self, path: str, body, **kwargs) -> requests.Response:
        headers = {"X-CSRFToken": self.cookies["csrftoken"], **kwargs.pop("headers", {})}
        return self.request("PUT", path, json=body, headers=headers, **kwargs)


def token(username: str, base: str = NGINX) -> dict:
    response = requests.post(
        base + "/api/auth/token/", json={"username": username, "password": PASSWORD}, timeout=TIMEOUT
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Token {response.json()['token']}"}


@dataclass
class Answer:
    kind: str
    started: float
    finished: float
    status: int  # 0: no answer (the connection failed)
    upstream: str = ""


class Load(ThreadedLoad):
    """Readers and writers through nginx until stopped: every answer with its times and status."""

    def __init__(self, readers: int = 3, writers: int = 1, fresh: bool = False):
        super().__init__(*[self.read] * readers, *[self.write] * writers)
        self.fresh = fresh
        self.answers: list[Answer] = []
        self.reader = token("secretariat")
        self.writer = token("member")
        mine = requests.get(NGINX + "/api/proposals/?page_size=1", headers=self.writer, timeout=TIMEOUT)
        first = mine.json()["results"][0]
        self.draft = {key: first[key] for key in ("committee", "session", "category")}

    def call(self, kind: str, method: str, path: str, **kwargs) -> None:
        started = time.monotonic()
        try:
            response = requests.request(method, NGINX + path, timeout=TIMEOUT, **kwargs)
            status, upstream = response.status_code, response.headers.get("X-Upstream", "")
        except requests.RequestException:
            status, upstream = 0, ""
        self.answers.append(Answer(kind, started, time.monotonic(), status, upstream))

    def read(self):
        headers = {**self.reader, **({"Cache-Control": "no-cache"} if self.fresh else {})}
        while not self.stop.is_set():
            self.call("read", "GET", "/api/proposals/?page_size=20", headers=headers)

    def write(self):
        while not self.stop.is_set():
            title = f"集群演练 {time.monotonic_ns()}"
            body = {**self.draft, "title": title, "content": "集群演练中起草的提案。"}
            self.call("write", "POST", "/api/proposals/", headers=self.writer, json=body)
            time.sleep(0.05)
