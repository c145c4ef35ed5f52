"""The province deployment on one machine, tested from outside (`make cluster-test`, against a running
`make cluster`): two gunicorn instances behind nginx on :8100, a streaming replica on :5433 that logs
every statement with its application name, Redis shared. Each test is bounded in time and requests."""

import statistics
import time
from pathlib import Path

import pytest
import requests

from .client import (
    DATABASE,
    INSTANCES,
    NGINX,
    REPLICA_PORT,
    STATE,
    TIMEOUT,
    Browser,
    Load,
    cluster,
    manage,
    psql,
    replica_lag,
    token,
)

pytestmark = [pytest.mark.cluster, pytest.mark.timeout(180)]

REPLICA_LOG = STATE / "postgresql" / "replica.log"
REPORT_CARD = "/api/dashboard/report-card/"


class ReplicaLog:
    """The statements the application ran on the replica since this was made."""

    def __init__(self, log: Path = REPLICA_LOG):
        self.log, self.offset = log, log.stat().st_size

    def statements(self) -> list[str]:
        with self.log.open(errors="replace") as lines:
            lines.seek(self.offset)
            return [line for line in lines if " cppcc-replica " in line and "statement:" in line]


def test_dashboards_read_the_replica_and_sign_ins_and_writes_never_do():
    seen = ReplicaLog()
    leader = Browser("leader")  # a sign-in
    preferences = {"preferences": [{"kind": "general", "in_app": True}]}
    assert leader.put_json("/api/me/notification-preferences/", preferences).status_code == 200  # a write
    read = requests.get(NGINX + "/api/proposals/", headers=token("member"), timeout=TIMEOUT)
    assert read.status_code == 200
    assert seen.statements() == []
    replica_lag()  # the replica has replayed the write, so the dashboards may read it
    for base in INSTANCES:
        assert leader.get(REPORT_CARD, base=base).status_code == 200
        assert leader.get("/dashboard/", base=base).status_code == 200
    statements = seen.statements()
    assert any("proposals_proposal" in line for line in statements)
    assert not any(word in line for line in statements for word in ("INSERT", "UPDATE", "DELETE"))
    # Its connections stay open between requests, named: pg_stat_activity shows the dashboards there.
    on_replica = psql(
        f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{DATABASE}' "
        "AND application_name = 'cppcc-replica'",
        REPLICA_PORT,
    )
    assert int(on_replica) >= 2  # a worker of each instance


def test_a_user_who_wrote_sees_the_dashboard_after_the_replica_replayed_the_write():
    leader = Browser("leader")
    for _ in range(10):
        preferences = {"preferences": [{"kind": "general", "in_app": True}]}
        assert leader.put_json("/api/me/notification-preferences/", preferences).status_code == 200
        position = leader.cookies["replica_lsn"].strip('"')  # quoted: it holds a slash
        seen = ReplicaLog()
        assert leader.get(REPORT_CARD).status_code == 200
        read_replica = any("proposals_proposal" in line for line in seen.statements())
        replayed = psql(f"SELECT pg_last_wal_replay_lsn() >= '{position}'::pg_lsn", REPLICA_PORT) == "t"
        # Read from the replica only once it had the write (replay only moves forward).
        assert replayed or not read_replica


def test_replica_lag_under_the_mixed_load_is_measured():
    lags = []
    with Load(readers=2, writers=2) as load:
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline:
            lags.append(replica_lag())
            time.sleep(0.05)
    lags.sort()
    p50, p99 = statistics.median(lags), lags[min(len(lags) - 1, int(len(lags) * 0.99))]
    writes = sum(1 for answer in load.answers if answer.kind == "write" and answer.status == 201)
    print(f"replica lag under load: {len(lags)} samples, p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms")
    assert writes > 0 and p99 < 5


def test_one_session_and_one_csrf_token_across_both_instances():
    member = Browser("member", base=INSTANCES[0])
    portal = member.get("/portal/", base=INSTANCES[1])
    assert portal.status_code == 200  # signed in there too: the portal sends strangers to the login page
    preferences = {"preferences": [{"kind": "general", "in_app": True}]}
    # The CSRF token the first instance gave is accepted by the second, a wrong one is not.
    accepted = member.put_json("/api/me/notification-preferences/", preferences, base=INSTANCES[1])
    assert accepted.status_code == 200
    forged = member.put_json(
        "/api/me/notification-preferences/", preferences, base=INSTANCES[1], headers={"X-CSRFToken": "x" * 32}
    )
    assert forged.status_code == 403
    upstreams = set()
    for _ in range(8):  # through nginx, spread over both
        response = member.get("/api/me/")
        assert response.status_code == 200 and response.json()["username"] == "member"
        upstreams.add(response.headers["X-Upstream"])
    assert upstreams == {"127.0.0.1:8101", "127.0.0.1:8102"}


def test_a_write_on_one_instance_is_never_answered_stale_by_the_other():
    headers = token("member")
    listing = "/api/proposals/?page_size=200"
    for base in INSTANCES * 2:  # both hold the list in the response cache
        response = requests.get(base + listing, headers=headers, timeout=TIMEOUT)
    assert response.headers["X-Cache"] == "hit"
    first = response.json()["results"][0]
    title = f"实例间一致 {time.monotonic_ns()}"
    body = {key: first[key] for key in ("committee", "session", "category")}
    created = requests.post(
        INSTANCES[0] + "/api/proposals/", json={**body, "title": title, "content": "一致性"}, headers=headers
    )
    assert created.status_code == 201, created.text
    answer = requests.get(INSTANCES[1] + listing, headers=headers, timeout=TIMEOUT)
    assert title in [row["title"] for row in answer.json()["results"]]


def test_an_instance_killed_under_load_costs_only_its_requests_in_flight_and_rejoins():
    try:
        with Load(readers=3, writers=1) as load:
            time.sleep(3)
            killed_at = time.monotonic()
            cluster("kill-instance", "1")
            time.sleep(4)
    finally:
        cluster("start-instance", "1")
    failed = [answer for answer in load.answers if answer.status == 0 or answer.status >= 500]
    in_flight = [answer for answer in load.answers if answer.started <= killed_at <= answer.finished]
    print(f"killed: {len(load.answers)} requests, {len(in_flight)} in flight, {len(failed)} failed")
    assert all(answer.started <= killed_at + 0.5 and answer.finished >= killed_at for answer in failed)
    assert len(failed) <= len(in_flight)
    assert all(answer.kind == "write" for answer in failed)  # reads are retried on the other instance
    after = [answer for answer in load.answers if answer.started > killed_at + 0.5]
    # Answered by the other (nginx names every instance it tried: "127.0.0.1:8101, 127.0.0.1:8102"
    # when it tries the dead one again after fail_timeout and goes on to the other).
    assert after and {answer.upstream.split(", ")[-1] for answer in after} == {"127.0.0.1:8102"}
    time.sleep(6)  # nginx leaves a failed instance out for fail_timeout (5 s)
    upstreams = {requests.get(NGINX + "/healthz", timeout=TIMEOUT).headers["X-Upstream"] for _ in range(8)}
    assert "127.0.0.1:8101" in upstreams


def test_the_replica_stopped_dashboards_read_the_primary_and_it_catches_up_when_restarted():
    leader, member = Browser("leader"), token("member")
    cluster("stop-replica")
    try:
        for base in INSTANCES * 2:
            assert leader.get(REPORT_CARD, base=base).status_code == 200
            assert leader.get("/dashboard/", base=base).status_code == 200
        assert requests.get(NGINX + "/healthz", timeout=TIMEOUT).status_code == 200
        listing = requests.get(NGINX + "/api/proposals/?page_size=1", headers=member, timeout=TIMEOUT)
        body = {key: listing.json()["results"][0][key] for key in ("committee", "session", "category")}
        title = f"备库停机时起草 {time.monotonic_ns()}"
        written = requests.post(
            NGINX + "/api/proposals/", json={**body, "title": title, "content": "追赶"}, headers=member
        )
        assert written.status_code == 201
    finally:
        cluster("start-replica")
    replica_lag(seconds=60)
    assert psql(f"SELECT count(*) FROM proposals_proposal WHERE title = '{title}'", REPLICA_PORT) == "1"
    time.sleep(6)  # each process tries the replica again 5 s after it failed
    seen = ReplicaLog()
    for base in INSTANCES * 2:
        assert leader.get(REPORT_CARD, base=base).status_code == 200
    assert any("proposals_proposal" in line for line in seen.statements())


def test_reminders_sent_from_both_instances_at_once_go_out_once():
    today = "(now() AT TIME ZONE 'Asia/Shanghai')::date"
    psql(f"DELETE FROM org_sentreminder WHERE slot >= {today} - 1")  # as if the morning had not come
    last = int(psql("SELECT coalesce(max(id), 0) FROM org_notification"))
    runs = [manage(command) for command in ("send_reminders", "send_meeting_reminders") for _ in INSTANCES]
    for run in runs:
        output, _ = run.communicate(timeout=120)
        assert run.returncode == 0, output
    claimed = int(psql(f"SELECT count(*) FROM org_sentreminder WHERE slot >= {today} - 1"))
    sent = psql(
        "SELECT count(*), count(DISTINCT (user_id, message, object_id)) "
        f"FROM org_notification WHERE id > {last}"
    )
    total, distinct = map(int, sent.split("|"))
    assert claimed > 0 and total == distinct == claimed
