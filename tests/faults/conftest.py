"""The fault suite (`make faults`): gunicorn against a throwaway PostgreSQL database and Redis,
each reached through a proxy the tests cut (tests/proxy.py). Skipped unless CPPCC_FAULTS=1."""

from ..server_suites import skip_unless


def pytest_collection_modifyitems(config, items):
    skip_unless(
        items, marker="faults", variable="CPPCC_FAULTS", reason="the fault suite runs with `make faults`"
    )
