import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_throttle():
    """The token endpoint's throttle counts in the cache; every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def lockout_after_three(settings):
    settings.LOGIN_LOCKOUT_FAILURES = 3
    settings.LOGIN_LOCKOUT_IP_FAILURES = 5
    settings.LOGIN_LOCKOUT_MINUTES = 15
    return settings
