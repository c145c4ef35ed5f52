import pytest


@pytest.fixture
def small_jobs(settings):
    """Every export or import of more than one row runs as a job (the queue runs it at once)."""
    settings.JOBS_BACKGROUND_ROWS = 1
    return settings


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs what waits for the commit (the queue's jobs) when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
