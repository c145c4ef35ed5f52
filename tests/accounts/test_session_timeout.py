"""Sessions end after SESSION_IDLE_TIMEOUT without a request and SESSION_COOKIE_AGE after signing
in; pages then send the browser to the login page, which says why, and the API answers 401 with
the reason. The last activity is written at most once a minute."""

import time

import pytest
from django.conf import settings

from cppcc.accounts.middleware import LAST_ACTIVITY, SIGNED_IN_AT

pytestmark = pytest.mark.django_db

IDLE = "长时间未操作，已自动退出，请重新登录。"
TOO_LONG = "登录时间已达上限，已自动退出，请重新登录。"


def signed_in(client, user, *, idle: float = 0, since: float | None = None):
    """``client`` signed in as ``user``, ``since`` seconds ago and last active ``idle`` seconds ago."""
    client.force_login(user)
    session = client.session
    now = time.time()
    session[SIGNED_IN_AT] = int(now - (idle if since is None else since))
    session[LAST_ACTIVITY] = int(now - idle)
    session.save()
    return client


def test_the_defaults():
    assert settings.SESSION_IDLE_TIMEOUT == 30 * 60
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60


def test_signing_in_starts_the_clocks(client, member_login):
    before = int(time.time())
    client.post("/accounts/login/", {"username": "member", "password": "pass-word-123"})
    assert before <= client.session[SIGNED_IN_AT] == client.session[LAST_ACTIVITY] <= time.time()


def test_a_page_within_the_idle_time_is_served(client, member_login):
    signed_in(client, member_login, idle=29 * 60)
    assert client.get("/portal/").status_code == 200
    assert client.session[LAST_ACTIVITY] >= int(time.time()) - 1  # the clock starts again


def test_an_idle_session_is_signed_out_and_the_login_page_says_why(client, member_login):
    signed_in(client, member_login, idle=31 * 60)
    response = client.get("/portal/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/portal/"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert IDLE in page.content.decode()
    assert client.get("/portal/").status_code == 302  # and stays signed out


def test_the_admin_sends_an_idle_clerk_to_its_login_page(client, city_clerk):
    signed_in(client, city_clerk, idle=31 * 60)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/admin/login/")
    assert IDLE in response.content.decode()


def test_a_sign_in_ends_after_the_longest_time_however_active(client, member_login):
    signed_in(client, member_login, idle=10, since=8 * 60 * 60 + 1)
    response = client.get("/portal/", follow=True)
    assert response.redirect_chain[0][0] == "/accounts/login/?next=/portal/"
    assert TOO_LONG in response.content.decode()


def test_the_api_answers_401_with_the_reason(client, member_login):
    signed_in(client, member_login, idle=31 * 60)
    response = client.get("/api/me/")
    assert response.status_code == 401 and response.json() == {"detail": IDLE}
    # The API keeps no message for a page to show later.
    assert IDLE not in client.get("/accounts/login/").content.decode()
    assert client.get("/api/me/").json()["detail"] != IDLE  # an ordinary 401 from then on


def test_the_api_within_the_idle_time(client, member_login):
    signed_in(client, member_login, idle=60)
    assert client.get("/api/me/").json()["username"] == "member"


def test_the_session_is_written_at_most_once_a_minute(client, member_login):
    signed_in(client, member_login, idle=30)
    stamped = client.session[LAST_ACTIVITY]
    response = client.get("/portal/")
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies  # not saved, so no new cookie
    assert client.session[LAST_ACTIVITY] == stamped
    signed_in(client, member_login, idle=61)
    response = client.get("/portal/")
    assert settings.SESSION_COOKIE_NAME in response.cookies
    assert client.session[LAST_ACTIVITY] >= int(time.time()) - 1


def test_a_session_from_before_the_clocks_starts_them(client, member_login):
    client.force_login(member_login)
    session = client.session
    del session[SIGNED_IN_AT], session[LAST_ACTIVITY]
    session.save()
    assert client.get("/portal/").status_code == 200
    assert SIGNED_IN_AT in client.session and LAST_ACTIVITY in client.session


def test_no_idle_timeout_when_it_is_zero(client, member_login, settings):
    settings.SESSION_IDLE_TIMEOUT = 0
    signed_in(client, member_login, idle=5 * 60 * 60)
    assert client.get("/portal/").status_code == 200


def test_anonymous_visitors_pass_untouched(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200 and settings.SESSION_COOKIE_NAME not in response.cookies
