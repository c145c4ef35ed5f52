"""Signing in with a second factor, at the admin's and the portal's login alike: the password leads
to the code step, and until the code is right the session reaches nothing (pages lead back to the
step, the API answers 401). A recovery code signs in once. Wrong codes count towards the lockout
like wrong passwords, and a right password alone does not clear that count."""

import pytest

from cppcc.accounts.models import Lockout, LoginAttempt
from cppcc.accounts.second_factor import PENDING

from .otp import enrol, totp_code

pytestmark = pytest.mark.django_db

PASSWORD = "pass-word-123"
STEP = "/accounts/login/code/"


def admin_login(client, username="clerk"):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": PASSWORD})


def portal_login(client, username="member", next_page="/portal/proposals/"):
    return client.post("/accounts/login/", {"username": username, "password": PASSWORD, "next": next_page})


def send_code(client, code, next_page="/admin/"):
    return client.post(STEP, {"code": code, "next": next_page})


def reasons() -> list[str]:
    return list(LoginAttempt.objects.order_by("id").values_list("reason", flat=True))


def test_without_a_second_factor_the_password_signs_in(client, member_login):
    response = portal_login(client)
    assert response.status_code == 302 and response.url == "/portal/proposals/"
    assert PENDING not in client.session
    assert client.get("/portal/proposals/").status_code == 200
    assert reasons() == ["success"]


def test_the_admin_login_leads_to_the_code_step_and_then_into_the_admin(client, city_clerk):
    device, _codes = enrol(city_clerk)
    response = admin_login(client)
    assert response.status_code == 302 and response.url == "/admin/"
    held = client.get("/admin/")
    assert held.status_code == 302 and held.url == f"{STEP}?next=/admin/"
    step = client.get(held.url)
    assert step.status_code == 200 and "输入动态验证码" in step.content.decode()
    assert 'name="next" value="/admin/"' in step.content.decode()
    signed_in = send_code(client, totp_code(device))
    assert signed_in.status_code == 302 and signed_in.url == "/admin/"
    assert PENDING not in client.session
    assert client.get("/admin/").status_code == 200
    assert reasons() == ["otp_pending", "success"]


def test_the_portal_login_keeps_the_page_asked_for(client, member_login):
    device, _codes = enrol(member_login)
    assert portal_login(client).status_code == 302
    held = client.get("/portal/proposals/")
    assert held.url == f"{STEP}?next=/portal/proposals/"
    signed_in = send_code(client, totp_code(device), next_page="/portal/proposals/")
    assert signed_in.url == "/portal/proposals/"


def test_a_waiting_session_reaches_no_page_and_no_api(client, api, member_login):
    enrol(member_login)
    portal_login(client)
    for page in ["/portal/", "/admin/", "/accounts/password/", "/accounts/otp/", "/dashboard/"]:
        response = client.get(page)
        assert response.status_code == 302 and response.url.startswith(STEP), page
    me = client.get("/api/me/")
    assert me.status_code == 401
    # The page of the step shows no account: the session is anonymous until the code is right.
    assert "李明远" not in client.get(STEP).content.decode()


def test_the_session_key_changes_once_the_code_is_right(client, member_login):
    device, _codes = enrol(member_login)
    portal_login(client)
    waiting = client.session.session_key
    send_code(client, totp_code(device))
    assert client.session.session_key != waiting


def test_a_recovery_code_signs_in_once(client, member_login, no_device_throttle):
    _device, codes = enrol(member_login)
    portal_login(client)
    assert send_code(client, codes[0].upper(), next_page="/portal/").url == "/portal/"
    client.post("/accounts/logout/")
    portal_login(client)
    again = send_code(client, codes[0])
    assert again.status_code == 200
    assert "动态验证码错误或已过期" in again.content.decode()
    # Spaces and dashes typed between the characters do not matter.
    spaced = f"{codes[1][:4]} - {codes[1][4:]}"
    assert send_code(client, spaced, next_page="/portal/").url == "/portal/"


def test_a_code_is_taken_once(client, member_login):
    device, _codes = enrol(member_login)
    code = totp_code(device)
    portal_login(client)
    assert send_code(client, code).status_code == 302
    client.post("/accounts/logout/")
    portal_login(client)
    assert send_code(client, code).status_code == 200


def test_wrong_codes_lock_the_account(client, member_login, lockout_after_three, no_device_throttle):
    device, _codes = enrol(member_login)
    portal_login(client)
    for _ in range(3):
        wrong = send_code(client, "000000")
        assert wrong.status_code == 200 and "动态验证码错误或已过期" in wrong.content.decode()
    locked = send_code(client, totp_code(device))
    assert locked.status_code == 429 and int(locked["Retry-After"]) > 0
    assert "账户已被锁定" in locked.content.decode()
    assert client.session[PENDING]
    assert Lockout.objects.get(scope=Lockout.Scope.USERNAME, key="member").is_locked()
    assert reasons() == ["otp_pending", "bad_otp", "bad_otp", "bad_otp", "locked"]
    # The password too is refused while the lock holds.
    client.post("/accounts/logout/")
    assert "账户已被锁定" in portal_login(client).content.decode()


def test_a_right_password_does_not_clear_the_count_of_wrong_codes(
    client, member_login, lockout_after_three, no_device_throttle
):
    device, _codes = enrol(member_login)
    for _ in range(3):
        portal_login(client)
        send_code(client, "123456")
        client.post("/accounts/logout/")
    assert Lockout.objects.get(scope=Lockout.Scope.USERNAME, key="member").is_locked()


def test_a_right_code_clears_the_count(client, member_login, lockout_after_three, no_device_throttle):
    device, _codes = enrol(member_login)
    portal_login(client)
    send_code(client, "123456")
    send_code(client, "654321")
    assert send_code(client, totp_code(device)).status_code == 302
    assert not Lockout.objects.filter(scope=Lockout.Scope.USERNAME, key="member").exists()


def test_codes_sent_too_fast_after_a_wrong_one_are_not_checked(client, member_login):
    device, _codes = enrol(member_login)
    portal_login(client)
    send_code(client, "000000")
    # django-otp's throttle: after one wrong code, a second passes before the next is checked.
    waiting = send_code(client, totp_code(device))
    assert waiting.status_code == 200
    assert "错误次数过多，请" in waiting.content.decode()
    assert reasons() == ["otp_pending", "bad_otp"]


def test_the_step_without_a_waiting_sign_in_leads_on(client, member_login):
    assert client.get(STEP).url == "/"
    client.force_login(member_login)
    assert client.get(f"{STEP}?next=/portal/").url == "/portal/"
    assert client.get(f"{STEP}?next=https://example.com/").url == "/"


def test_signing_out_from_the_step_ends_the_waiting_session(client, member_login):
    enrol(member_login)
    portal_login(client)
    client.post("/accounts/logout/")
    assert PENDING not in client.session and "_auth_user_id" not in client.session
    assert client.get("/accounts/login/").status_code == 200
