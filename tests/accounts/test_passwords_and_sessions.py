"""Passwords must be strong; sessions end after a working day and when the browser closes."""

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("password", ["Ab3$xyz", "1234567890123", "password1234", "liming-2024x"], ids=str)
def test_weak_passwords_are_refused_in_chinese(password):
    user = UserFactory.build(username="liming-2024", name="李明")
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert any("密码" in message for message in refused.value.messages)


def test_a_strong_password_is_accepted():
    validate_password("Tq7!vNe2#pLw", UserFactory.build(username="liming"))


def test_sessions_expire():
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True
