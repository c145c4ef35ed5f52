"""Repeated failed sign-ins lock the username (and the address) at every door: admin, portal, token."""

from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.test import RequestFactory
from django.utils import timezone

from cppcc.accounts.models import Lockout, LoginAttempt

pytestmark = pytest.mark.django_db

PASSWORD = "pass-word-123"
LOCKED = "登录失败次数过多"


def admin_login(client, username, password, **extra):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password}, **extra)


def fail(client, username="clerk", times=3, **extra):
    for _ in range(times):
        assert admin_login(client, username, "wrong", **extra).status_code == 200


def test_admin_login_locks_the_account_with_a_chinese_message(client, city_clerk, lockout_after_three):
    fail(client)
    page = admin_login(client, "clerk", PASSWORD)
    assert page.status_code == 200  # the form again, not the redirect into the admin
    assert LOCKED in page.content.decode() and "账户已被锁定" in page.content.decode()
    assert "_auth_user_id" not in client.session
    assert Lockout.objects.get(scope=Lockout.Scope.USERNAME, key="clerk").is_locked()
    reasons = list(LoginAttempt.objects.order_by("id").values_list("reason", flat=True))
    assert reasons == ["bad_credentials"] * 3 + ["locked"]


def test_below_the_threshold_the_right_password_still_works(client, city_clerk, lockout_after_three):
    fail(client, times=2)
    assert admin_login(client, "clerk", PASSWORD).status_code == 302
    fail(client, times=2)  # the success cleared the count
    assert admin_login(client, "clerk", PASSWORD).status_code == 302
    assert not Lockout.objects.filter(scope=Lockout.Scope.USERNAME, key="clerk").exists()


def test_a_portal_login_form_is_refused_with_the_message(member_login, lockout_after_three):
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="10.0.0.7")
    for _ in range(3):
        assert authenticate(request, username="member", password="wrong") is None
    form = AuthenticationForm(request, data={"username": "member", "password": PASSWORD})
    assert not form.is_valid()
    assert LOCKED in form.non_field_errors()[0]
    assert form.get_user() is None


def test_the_token_endpoint_answers_429_while_locked(api, member_login, lockout_after_three):
    for _ in range(3):
        bad = api.post("/api/auth/token/", {"username": "member", "password": "wrong"}, format="json")
        assert bad.status_code == 400
    locked = api.post("/api/auth/token/", {"username": "member", "password": PASSWORD}, format="json")
    assert locked.status_code == 429
    assert locked.json()["code"] == "locked" and LOCKED in locked.json()["detail"]
    assert 0 < int(locked["Retry-After"]) <= 15 * 60


def test_the_lock_ends_after_the_lockout_period(client, city_clerk, lockout_after_three):
    fail(client)
    Lockout.objects.filter(key="clerk").update(locked_until=timezone.now() - timedelta(seconds=1))
    assert admin_login(client, "clerk", PASSWORD).status_code == 302


def test_old_failures_are_forgotten(client, city_clerk, lockout_after_three):
    fail(client, times=2)
    Lockout.objects.update(last_failure_at=timezone.now() - timedelta(minutes=16))
    fail(client, times=1)
    assert Lockout.objects.get(scope=Lockout.Scope.USERNAME, key="clerk").failures == 1
    assert admin_login(client, "clerk", PASSWORD).status_code == 302


def test_unknown_usernames_are_counted_too(client, db, lockout_after_three):
    fail(client, username="nobody")
    assert Lockout.objects.get(scope=Lockout.Scope.USERNAME, key="nobody").is_locked()


def test_one_address_trying_many_usernames_is_locked(client, city_clerk, lockout_after_three):
    for n in range(5):
        admin_login(client, f"guess{n}", "wrong", REMOTE_ADDR="203.0.113.9")
    page = admin_login(client, "clerk", PASSWORD, REMOTE_ADDR="203.0.113.9")
    assert "网络地址" in page.content.decode()
    assert admin_login(client, "clerk", PASSWORD, REMOTE_ADDR="198.51.100.1").status_code == 302


def test_behind_a_proxy_its_forwarded_address_names_the_client(client, city_clerk, lockout_after_three):
    lockout_after_three.NUM_PROXIES = 1
    for n in range(5):  # a client cannot escape by forging an X-Forwarded-For of its own
        admin_login(client, f"guess{n}", "wrong", HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 203.0.113.9")
    assert admin_login(client, "clerk", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 200
    assert admin_login(client, "clerk", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 302
    assert LoginAttempt.objects.filter(ip="203.0.113.9").count() == 6
