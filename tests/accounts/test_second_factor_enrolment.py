"""Turning the second factor on at /accounts/otp/ (any signed-in user, members included): a QR code
and its otpauth link, a code from the app to confirm, then ten recovery codes shown once; new
recovery codes, a new phone and turning it off each take a code of the one in use."""

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cppcc.accounts.second_factor import has_second_factor
from cppcc.org.models import User

from .otp import enrol, totp_code

pytestmark = pytest.mark.django_db

PAGE = "/accounts/otp/"
WRONG = "动态验证码错误或已过期"


@pytest.fixture
def signed_in(client, member_login):
    client.force_login(member_login)
    return client


def fresh(user) -> User:
    return User.objects.get(pk=user.pk)


def recovery_codes(user) -> set[str]:
    return set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))


def test_the_page_offers_to_set_it_up(signed_in):
    page = signed_in.get(PAGE).content.decode()
    assert "开始设置" in page and "<svg" not in page
    assert not TOTPDevice.objects.exists()  # reading the page writes nothing


def test_the_page_needs_a_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_setting_up_shows_the_qr_code_and_the_otpauth_link(signed_in, member_login):
    assert signed_in.post(PAGE, {"action": "start"}).url == PAGE
    device = TOTPDevice.objects.get(user=member_login)
    assert not device.confirmed and not has_second_factor(fresh(member_login))
    page = signed_in.get(PAGE).content.decode()
    assert "<svg" in page and 'aria-label="两步验证二维码"' in page
    assert "otpauth://totp/" in page and "member" in device.config_url and "issuer=" in device.config_url
    assert 'inputmode="numeric"' in page


def test_a_right_code_turns_it_on_and_shows_ten_recovery_codes_once(signed_in, member_login, changes):
    signed_in.post(PAGE, {"action": "start"})
    device = TOTPDevice.objects.get(user=member_login)
    response = signed_in.post(PAGE, {"action": "confirm", "code": totp_code(device, steps=0)})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    codes = response.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(code in response.content.decode() for code in codes)
    assert recovery_codes(member_login) == set(codes)
    assert has_second_factor(fresh(member_login))
    page = signed_in.get(PAGE).content.decode()
    assert "已启用" in page and "还剩 10 个恢复码" in page and not any(code in page for code in codes)
    assert changes == [("member", "member", "enrolled")]


def test_a_wrong_code_leaves_it_off(signed_in, member_login):
    signed_in.post(PAGE, {"action": "start"})
    response = signed_in.post(PAGE, {"action": "confirm", "code": "000000"})
    assert response.status_code == 200 and WRONG in response.content.decode()
    assert "<svg" in response.content.decode()  # the QR code again, to try once more
    assert not has_second_factor(fresh(member_login))


def test_cancelling_drops_the_app_being_added(signed_in, member_login):
    signed_in.post(PAGE, {"action": "start"})
    signed_in.post(PAGE, {"action": "cancel"})
    assert not TOTPDevice.objects.filter(user=member_login).exists()


def test_new_recovery_codes_take_a_code_and_replace_the_old(signed_in, member_login):
    device, old = enrol(member_login)
    refused = signed_in.post(PAGE, {"action": "codes", "code": ""})
    assert WRONG in refused.content.decode()
    response = signed_in.post(PAGE, {"action": "codes", "code": old[0]})
    new = response.context["codes"]
    assert len(new) == 10 and not set(new) & set(old)
    assert recovery_codes(member_login) == set(new)


def test_a_new_phone_takes_a_code_of_the_old_and_replaces_it_once_confirmed(signed_in, member_login):
    old, codes = enrol(member_login)
    assert WRONG in signed_in.post(PAGE, {"action": "start", "code": "123456"}).content.decode()
    assert signed_in.post(PAGE, {"action": "start", "code": codes[0]}).status_code == 302
    new = TOTPDevice.objects.get(user=member_login, confirmed=False)
    # Until the new phone's code is entered the old one still signs in.
    assert has_second_factor(fresh(member_login))
    signed_in.post(PAGE, {"action": "confirm", "code": totp_code(new, steps=0)})
    devices = TOTPDevice.objects.filter(user=member_login)
    assert list(devices.values_list("pk", "confirmed")) == [(new.pk, True)] and old.pk != new.pk


def test_turning_it_off_takes_a_code(signed_in, member_login, changes, no_device_throttle):
    device, _codes = enrol(member_login)
    changes.clear()
    assert WRONG in signed_in.post(PAGE, {"action": "disable", "code": "000000"}).content.decode()
    assert has_second_factor(fresh(member_login))
    response = signed_in.post(PAGE, {"action": "disable", "code": totp_code(device)}, follow=True)
    assert "两步验证已关闭" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=member_login).exists()
    assert not StaticToken.objects.filter(device__user=member_login).exists()
    assert changes == [("member", "member", "disabled")]


def test_an_unknown_action_changes_nothing(signed_in, member_login):
    assert signed_in.post(PAGE, {"action": "drop-tables"}).url == PAGE
    assert not TOTPDevice.objects.exists()


def test_every_page_links_to_it(signed_in):
    assert f'href="{PAGE}"' in signed_in.get("/portal/").content.decode()
