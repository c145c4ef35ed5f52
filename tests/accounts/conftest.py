import pytest
from django.core.cache import cache

from cppcc.accounts.second_factor import second_factor_changed


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


@pytest.fixture
def no_device_throttle(settings):
    """Without django-otp's wait after a wrong code, so that a test may send codes back to back."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    return settings


@pytest.fixture
def changes():
    """What the second factor's audit hook hears: (user, actor, action) of each change."""
    heard = []

    def listen(sender, user, actor, action, **kwargs):
        heard.append((user.username, actor.username, action))

    second_factor_changed.connect(listen)
    yield heard
    second_factor_changed.disconnect(listen)
