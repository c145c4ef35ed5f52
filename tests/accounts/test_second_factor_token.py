"""The token endpoint and the second factor: `{"username", "password", "otp"}`. Without a second
factor nothing changes (otp is not asked for); with one, a missing or wrong code is a 400 naming
`otp`, wrong codes count towards the lockout (then 429), a recovery code is taken once."""

import pytest

from cppcc.accounts.models import ApiToken, LoginAttempt

from .otp import enrol, totp_code

pytestmark = pytest.mark.django_db

PASSWORD = "pass-word-123"
TOKEN = "/api/auth/token/"
WRONG = "动态验证码错误或已过期。请输入验证器应用当前显示的验证码，或一个恢复码。"


def sign_in(api, **fields):
    return api.post(TOKEN, {"username": "member", "password": PASSWORD, **fields}, format="json")


def reasons() -> list[str]:
    return list(LoginAttempt.objects.order_by("id").values_list("reason", flat=True))


def test_without_a_second_factor_otp_is_not_asked_for(api, member_login):
    assert set(sign_in(api).json()) == {"token"}
    assert sign_in(api, otp="").status_code == 200


def test_a_right_code_gives_a_token(api, member_login):
    device, _codes = enrol(member_login)
    response = sign_in(api, otp=totp_code(device))
    assert response.status_code == 200 and set(response.json()) == {"token"}
    assert ApiToken.objects.filter(user=member_login).count() == 1
    assert reasons() == ["otp_pending", "success"]


def test_a_missing_code_is_asked_for(api, member_login):
    enrol(member_login)
    response = sign_in(api)
    assert response.status_code == 400
    assert response.json() == {"otp": ["请输入两步验证的动态验证码。"], "code": "otp_missing"}
    assert not ApiToken.objects.exists()
    assert reasons() == ["otp_pending"]  # the password was right: not counted as a failure


def test_a_wrong_password_is_refused_before_the_code(api, member_login):
    device, _codes = enrol(member_login)
    response = api.post(
        TOKEN, {"username": "member", "password": "wrong", "otp": totp_code(device)}, format="json"
    )
    assert response.status_code == 400 and "otp" not in response.json()
    assert reasons() == ["bad_credentials"]


def test_a_wrong_code_is_a_400_and_counted(api, member_login):
    enrol(member_login)
    response = sign_in(api, otp="000000")
    assert response.status_code == 400 and response.json() == {"otp": [WRONG], "code": "otp_invalid"}
    assert reasons() == ["otp_pending", "bad_otp"]


def test_wrong_codes_lock_the_username(api, member_login, lockout_after_three, no_device_throttle):
    device, _codes = enrol(member_login)
    for _ in range(3):
        assert sign_in(api, otp="000000").status_code == 400
    locked = sign_in(api, otp=totp_code(device))
    assert locked.status_code == 429 and locked.json()["code"] == "locked" and int(locked["Retry-After"]) > 0
    assert not ApiToken.objects.exists()


def test_a_recovery_code_gives_one_token(api, member_login, no_device_throttle):
    _device, codes = enrol(member_login)
    assert sign_in(api, otp=codes[0]).status_code == 200
    assert sign_in(api, otp=codes[0]).json()["code"] == "otp_invalid"


def test_a_code_too_soon_after_a_wrong_one_is_not_checked(api, member_login):
    device, _codes = enrol(member_login)
    sign_in(api, otp="000000")
    response = sign_in(api, otp=totp_code(device))
    assert response.status_code == 400 and response.json()["code"] == "otp_throttled"
    assert reasons() == ["otp_pending", "bad_otp", "otp_pending"]


def test_the_schema_documents_otp(api, member_login):
    api.force_authenticate(member_login)
    schema = api.get("/api/schema/?format=json").json()
    request = schema["components"]["schemas"]["TokenRequestRequest"]["properties"]
    assert "otp" in request
    assert "403" in schema["paths"][TOKEN]["post"]["responses"]
