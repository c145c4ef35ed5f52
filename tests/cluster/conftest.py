"""The cluster suite (`make cluster-test`): the running `make cluster` (two gunicorn instances behind
nginx, a streaming replica, the jobs worker) tested from outside. Skipped unless CPPCC_CLUSTER=1."""

from ..server_suites import skip_unless


def pytest_collection_modifyitems(config, items):
    skip_unless(
        items,
        marker="cluster",
        variable="CPPCC_CLUSTER",
        reason="the cluster suite runs with `make cluster-test`",
    )
