"""The cluster suite (`make cluster-test`): the running `make cluster` (two gunicorn instances behind
nginx, a streaming replica, the jobs worker) tested from outside. Skipped unless CPPCC_CLUSTER=1."""

import os

import pytest


def pytest_collection_modifyitems(config, items):
    if os.environ.get("CPPCC_CLUSTER") == "1":
        return
    skip = pytest.mark.skip(reason="the cluster suite runs with `make cluster-test`")
    for item in items:
        if item.get_closest_marker("cluster"):
            item.add_marker(skip)
