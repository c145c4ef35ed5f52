"""The cluster's figures (`make cluster-figures`, README "Scale beyond one machine"), against a running
`make cluster`: the proposal list's requests per second through nginx, from the response cache and
fresh, with both instances and with one stopped; the replica's lag under a load of reads and writes;
what killing an instance under load costs. Prints them with the machine's load, writes
.cluster/figures.json. Each run lasts --seconds (10 by default)."""

import argparse
import json
import os
import statistics
import time

import django

from .client import NGINX, STATE, Load, cluster, environment, replica_lag, token

FRESH = {"Cache-Control": "no-cache"}
LIST = "/api/proposals/?page_size=20"


def throughput(hammer, headers: dict, seconds: float, threads: int) -> dict:
    port = int(NGINX.rsplit(":", 1)[1])
    return {
        "cached_rps": hammer(port, LIST, headers, seconds, threads, 100_000),
        "fresh_rps": hammer(port, LIST, headers | FRESH, seconds, threads, 100_000),
    }


def lag_under_load(seconds: float) -> dict:
    lags = []
    with Load(readers=2, writers=2) as load:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            lags.append(replica_lag())
            time.sleep(0.05)
    lags.sort()
    return {
        "samples": len(lags),
        "p50_ms": round(statistics.median(lags) * 1000, 1),
        "p99_ms": round(lags[min(len(lags) - 1, int(len(lags) * 0.99))] * 1000, 1),
        "max_ms": round(lags[-1] * 1000, 1),
        "writes": sum(1 for answer in load.answers if answer.kind == "write" and answer.status == 201),
    }


def failover(seconds: float) -> dict:
    with Load(readers=3, writers=1) as load:
        time.sleep(seconds / 3)
        killed_at = time.monotonic()
        cluster("kill-instance", "1")
        time.sleep(seconds * 2 / 3)
    cluster("start-instance", "1")
    failed = [answer for answer in load.answers if answer.status == 0 or answer.status >= 500]
    return {
        "requests": len(load.answers),
        "in_flight_at_kill": sum(1 for a in load.answers if a.started <= killed_at <= a.finished),
        "failed": len(failed),
        "failed_writes": sum(1 for answer in failed if answer.kind == "write"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--threads", type=int, default=8)
    options = parser.parse_args()
    os.environ.update(environment())
    django.setup()
    from cppcc.bench.measure import hammer

    headers = {**token("secretariat"), "Accept": "application/json"}
    results = {"load_before": os.getloadavg()}
    results["two_instances"] = throughput(hammer, headers, options.seconds, options.threads)
    cluster("stop-instance", "2")
    try:
        results["one_instance"] = throughput(hammer, headers, options.seconds, options.threads)
    finally:
        cluster("start-instance", "2")
    time.sleep(6)  # nginx tries the instance again after fail_timeout
    for kind in ("cached", "fresh"):
        two, one = results["two_instances"][f"{kind}_rps"], results["one_instance"][f"{kind}_rps"]
        results[f"ratio_{kind}"] = round(two / one, 2) if one else None
    results["replica_lag"] = lag_under_load(options.seconds)
    results["failover"] = failover(options.seconds)
    results["load_after"] = os.getloadavg()
    (STATE / "figures.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
