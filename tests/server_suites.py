"""What the suites run against real servers share (the fault suite, tests/faults; the cluster suite,
tests/cluster): skipping them in the ordinary run, and a load of threads run until stopped."""

import os
import threading

import pytest


def skip_unless(items, *, marker: str, variable: str, reason: str) -> None:
    """Skip the tests marked ``marker`` unless the environment sets ``variable`` to 1."""
    if os.environ.get(variable) == "1":
        return
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if item.get_closest_marker(marker):
            item.add_marker(skip)


class ThreadedLoad:
    """Threads that run their targets until the ``with`` block ends (each target loops on ``stop``)."""

    def __init__(self, *targets):
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=target) for target in targets]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join()
