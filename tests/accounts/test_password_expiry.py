"""With PASSWORD_MAX_AGE_DAYS, a password older than that must be changed before anything else:
pages lead to the password page (which, signing out, the language switch and static files stay
open), the API answers 403 with "code": "password_expired"; changing the password lifts both. Off
by default."""

import datetime

import pytest
from django.utils import timezone

from cppcc.accounts.expiry import password_expired
from cppcc.accounts.models import PasswordHistory
from cppcc.org.models import User

pytestmark = pytest.mark.django_db

OLD = "pass-word-123"
NEW = "Plum-crater-2024"
EXPIRED = {"detail": "密码已过期。请先登录网站修改密码，再使用接口。", "code": "password_expired"}


@pytest.fixture
def ninety_days(settings):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    return settings


def age(user, days: int) -> User:
    PasswordHistory.objects.filter(user=user).update(set_at=timezone.now() - datetime.timedelta(days=days))
    return User.objects.get(pk=user.pk)


@pytest.fixture
def expired(ninety_days, member_login):
    return age(member_login, 91)


def test_off_by_default_however_old_the_password(settings, member_login, client):
    assert settings.PASSWORD_MAX_AGE_DAYS == 0
    user = age(member_login, 3650)
    assert not password_expired(user)
    client.force_login(user)
    assert client.get("/portal/").status_code == 200


def test_a_password_expires_after_the_days_set(ninety_days, member_login):
    assert not password_expired(age(member_login, 89))
    assert password_expired(age(member_login, 91))


def test_without_a_history_the_age_counts_from_the_account(ninety_days, member_login):
    PasswordHistory.objects.filter(user=member_login).delete()
    User.objects.filter(pk=member_login.pk).update(date_joined=timezone.now() - datetime.timedelta(days=100))
    assert password_expired(User.objects.get(pk=member_login.pk))


@pytest.mark.parametrize("page", ["/", "/portal/", "/portal/proposals/", "/dashboard/", "/admin/"])
def test_every_page_leads_to_the_password_page(expired, client, page):
    client.force_login(expired)
    response = client.get(page)
    assert response.status_code == 302 and response["Location"] == "/accounts/password/"


def test_the_password_page_says_why_in_chinese(expired, client):
    client.force_login(expired)
    response = client.get("/accounts/password/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "修改密码" in page and "密码已使用超过 90 天，已过期：请设置新密码后继续。" in page
    assert "密码至少需要 10 个字符。" in page  # the policy, under the new password


def test_what_the_user_needs_on_the_way_stays_open(expired, client):
    client.force_login(expired)
    assert client.get("/static/css/site.css").status_code != 302
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/password/"}).status_code == 302
    assert client.get("/healthz").status_code in (200, 503)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"


def test_changing_the_password_lets_the_user_in(expired, client):
    client.force_login(expired)
    response = client.post(
        "/accounts/password/", {"old_password": OLD, "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/password/done/"
    assert client.get("/accounts/password/done/").status_code == 200
    assert client.get("/portal/").status_code == 200  # still signed in, no longer expired
    assert not password_expired(User.objects.get(pk=expired.pk))


def test_the_api_answers_403_with_its_code_to_a_token(expired, api):
    api.logout()
    token = api.post("/api/auth/token/", {"username": "member", "password": OLD}, format="json")
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    response = api.get("/api/me/")
    assert response.status_code == 403 and response.json() == EXPIRED
    assert api.get("/api/proposals/").json() == EXPIRED
    assert api.delete("/api/auth/token/").status_code == 204  # signing out stays open


def test_the_api_answers_403_to_a_session_too(expired, client):
    client.force_login(expired)
    response = client.get("/api/me/")
    assert response.status_code == 403 and response.json() == EXPIRED


def test_the_api_serves_a_current_password(ninety_days, api, member_login):
    assert api.as_user(age(member_login, 10)).get("/api/me/").status_code == 200


def test_anonymous_requests_are_not_asked_about_passwords(ninety_days, api, client):
    assert api.get("/api/me/").status_code == 401
    assert client.get("/portal/")["Location"].startswith("/accounts/login/")
