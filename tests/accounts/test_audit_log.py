"""Every sign-in and failed sign-in is logged; the secretariat reads the log and unlocks accounts."""

import pytest

from cppcc.accounts.models import Lockout, LoginAttempt
from cppcc.org.models import Role
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


def sign_in(client, username, password, **extra):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password}, **extra)


def test_attempts_are_logged_with_user_address_and_browser(client, city_clerk):
    sign_in(client, "clerk", "wrong", REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="Firefox/140")
    sign_in(client, "clerk", "pass-word-123", REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="Firefox/140")
    failure, success = LoginAttempt.objects.order_by("id")
    assert (failure.username, failure.user, failure.ip, failure.user_agent) == (
        "clerk",
        city_clerk,
        "10.1.2.3",
        "Firefox/140",
    )
    assert (failure.success, failure.reason) == (False, LoginAttempt.Reason.BAD_CREDENTIALS)
    assert (success.success, success.reason, success.user) == (True, LoginAttempt.Reason.SUCCESS, city_clerk)


def test_the_token_endpoint_is_logged(api, member_login):
    api.post("/api/auth/token/", {"username": "member", "password": "pass-word-123"}, format="json")
    assert LoginAttempt.objects.get().user == member_login


def test_the_log_is_read_only_for_the_secretariat(client, city_clerk):
    sign_in(client, "someone", "wrong")
    attempt = LoginAttempt.objects.get()
    client.force_login(city_clerk)
    listing = client.get("/admin/accounts/loginattempt/")
    assert listing.status_code == 200 and "someone" in listing.content.decode()
    assert client.get(f"/admin/accounts/loginattempt/{attempt.pk}/change/").status_code == 200
    assert client.get("/admin/accounts/loginattempt/add/").status_code == 403
    assert (
        client.post(f"/admin/accounts/loginattempt/{attempt.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert LoginAttempt.objects.filter(pk=attempt.pk).exists()


def test_a_county_clerk_reads_only_the_sign_ins_of_their_committee(client, county, county_clerk, city_clerk):
    county_user = grant(UserFactory(username="county_member"), county, Role.MEMBER)
    for username in ("county_member", "clerk", "stranger"):
        sign_in(client, username, "wrong")
    assert LoginAttempt.objects.get(username="county_member").user == county_user
    client.force_login(county_clerk)
    listing = client.get("/admin/accounts/loginattempt/").content.decode()
    assert "county_member" in listing
    assert "stranger" not in listing and ">clerk<" not in listing
    locks = client.get("/admin/accounts/lockout/").content.decode()
    assert "county_member" in locks and "stranger" not in locks
    city_lock = Lockout.objects.get(scope=Lockout.Scope.USERNAME, key="clerk")
    client.post("/admin/accounts/lockout/", {"action": "unlock", "_selected_action": [city_lock.pk]})
    assert Lockout.objects.filter(pk=city_lock.pk).exists()  # not theirs to unlock


def test_members_have_no_access_to_the_log(client, member_login):
    member_login.is_staff = True
    member_login.save()
    client.force_login(member_login)
    assert client.get("/admin/accounts/loginattempt/").status_code == 403


def test_the_secretariat_unlocks_an_account(client, settings, city_clerk, member_login):
    settings.LOGIN_LOCKOUT_FAILURES = 2
    for _ in range(2):
        sign_in(client, "member", "wrong")
    lockout = Lockout.objects.get(scope=Lockout.Scope.USERNAME, key="member")
    assert lockout.is_locked()
    client.force_login(city_clerk)
    response = client.post(
        "/admin/accounts/lockout/", {"action": "unlock", "_selected_action": [lockout.pk]}, follow=True
    )
    assert "已解锁 1 个" in response.content.decode()
    assert not Lockout.objects.filter(pk=lockout.pk).exists()
    assert Lockout.history.filter(id=lockout.pk, history_type="-").get().history_user == city_clerk
    client.logout()
    assert client.login(username="member", password="pass-word-123")
