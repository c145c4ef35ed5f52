"""OTP_REQUIRED_ROLES (off by default): a user holding one of the roles named must have a second
factor. Pages lead them to /accounts/otp/ (the password page, signing out and the switches stay
open), the API answers 403 with "code": "otp_required" (to a token and to a session), the token
endpoint issues no token; once they have one all opens, and they cannot turn it off."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from cppcc.accounts.checks import second_factor_roles
from cppcc.accounts.models import PasswordHistory
from cppcc.accounts.second_factor import second_factor_required
from cppcc.org.models import User

from .otp import enrol, totp_code

pytestmark = pytest.mark.django_db

PASSWORD = "pass-word-123"
REQUIRED = {"detail": "您的账户必须启用两步验证。请先登录网站启用，再使用接口。", "code": "otp_required"}


@pytest.fixture
def staff_and_leaders(settings):
    settings.OTP_REQUIRED_ROLES = ["secretariat", "leader"]
    return settings


def fresh(user) -> User:
    return User.objects.get(pk=user.pk)


def test_off_by_default(settings, city_clerk, client):
    assert settings.OTP_REQUIRED_ROLES == []
    assert not second_factor_required(city_clerk)
    client.force_login(city_clerk)
    assert client.get("/admin/").status_code == 200


def test_the_roles_named_must_have_one_and_others_may(
    staff_and_leaders, city_clerk, leader, member_login, unit_contact
):
    assert second_factor_required(fresh(city_clerk)) and second_factor_required(fresh(leader))
    assert not second_factor_required(fresh(member_login)) and not second_factor_required(fresh(unit_contact))


def test_an_administrator_counts_as_secretariat(staff_and_leaders, city):
    root = User.objects.create_superuser("root", password="Root-pass-2024")
    assert second_factor_required(root)


@pytest.mark.parametrize("page", ["/", "/portal/", "/admin/", "/dashboard/"])
def test_every_page_leads_to_the_second_factor(staff_and_leaders, leader, client, page):
    client.force_login(leader)
    response = client.get(page)
    assert response.status_code == 302 and response["Location"] == "/accounts/otp/"


def test_the_page_says_why_and_what_stays_open(staff_and_leaders, leader, client):
    client.force_login(leader)
    page = client.get("/accounts/otp/").content.decode()
    assert "您的角色必须使用两步验证。请先启用，再继续使用平台。" in page
    assert client.get("/accounts/password/").status_code == 200
    assert client.get("/static/css/site.css").status_code != 302
    assert client.post("/accounts/logout/")["Location"] == "/accounts/login/"


def test_an_expired_password_is_changed_first_without_a_loop(staff_and_leaders, settings, leader, client):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    PasswordHistory.objects.filter(user=leader).update(set_at="2000-01-01T00:00:00Z")
    client.force_login(fresh(leader))
    assert client.get("/portal/")["Location"] == "/accounts/otp/"
    assert client.get("/accounts/otp/")["Location"] == "/accounts/password/"
    assert client.get("/accounts/password/").status_code == 200


def test_the_members_pages_stay_open(staff_and_leaders, member_login, client):
    client.force_login(member_login)
    assert client.get("/portal/").status_code == 200


def test_once_set_up_every_page_opens_and_it_cannot_be_turned_off(staff_and_leaders, leader, client):
    device, _codes = enrol(leader)
    client.force_login(fresh(leader))
    client.post("/accounts/login/code/", {"code": totp_code(device)})
    assert client.get("/dashboard/").status_code == 200
    page = client.get("/accounts/otp/").content.decode()
    assert 'value="disable"' not in page and "不能关闭" in page
    refused = client.post("/accounts/otp/", {"action": "disable", "code": _codes[0]})
    assert "您的角色必须使用两步验证：不能关闭，只能更换到新手机。" in refused.content.decode()
    assert device.__class__.objects.filter(pk=device.pk).exists()


def test_the_api_answers_403_with_its_code_to_a_session(staff_and_leaders, leader, client):
    client.force_login(leader)
    response = client.get("/api/me/")
    assert response.status_code == 403 and response.json() == REQUIRED


def test_a_token_issued_before_answers_403_and_signing_out_stays_open(settings, leader, api):
    settings.OTP_REQUIRED_ROLES = []
    token = api.post("/api/auth/token/", {"username": "leader", "password": PASSWORD}, format="json").json()
    settings.OTP_REQUIRED_ROLES = ["leader"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token['token']}")
    response = api.get("/api/proposals/")
    assert response.status_code == 403 and response.json() == REQUIRED
    assert api.delete("/api/auth/token/").status_code == 204


def test_the_token_endpoint_issues_none(staff_and_leaders, leader, api):
    response = api.post("/api/auth/token/", {"username": "leader", "password": PASSWORD}, format="json")
    assert response.status_code == 403 and response.json() == REQUIRED
    assert not leader.api_tokens.exists()


def test_a_role_misspelt_fails_the_checks(settings):
    settings.OTP_REQUIRED_ROLES = ["secretariat", "leaders"]
    (error,) = second_factor_roles()
    assert error.id == "accounts.E002" and "leaders" in error.msg
    with pytest.raises(SystemCheckError):
        call_command("check")
