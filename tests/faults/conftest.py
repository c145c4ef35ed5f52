"""The fault suite (`make faults`): gunicorn against a throwaway PostgreSQL database and Redis,
each reached through a proxy the tests cut (tests/proxy.py). Skipped unless CPPCC_FAULTS=1."""

import os

import pytest


def pytest_collection_modifyitems(config, items):
    if os.environ.get("CPPCC_FAULTS") == "1":
        return
    skip = pytest.mark.skip(reason="the fault suite runs with `make faults`")
    for item in items:
        if item.get_closest_marker("faults"):
            item.add_marker(skip)
