"""The secretariat's page of second factors (两步验证, in the admin): who has one, when it was last
used, how many recovery codes are left, never the secret; the reset for a user who lost their
phone and codes, for the users of the clerk's own committee only, kept in the admin's log and in
the audit log."""

import pytest
from django.contrib.admin.models import DELETION, LogEntry
from django.core.exceptions import PermissionDenied
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cppcc.accounts import services
from cppcc.accounts.models import AuditEntry, SecondFactor
from cppcc.org.models import Role
from tests.factories import UserFactory, grant

from .otp import enrol

pytestmark = pytest.mark.django_db

LIST = "/admin/accounts/secondfactor/"


def test_the_list_shows_who_has_one_and_never_the_secret(client, city, city_clerk, member_login):
    device, _codes = enrol(member_login)
    halfway = grant(UserFactory(username="halfway", name="半途"), city, Role.MEMBER)
    services.second_factor_start(user=halfway)  # not confirmed: not listed
    client.force_login(city_clerk)
    page = client.get(LIST).content.decode()
    assert "李明远" in page and "半途" not in page
    assert device.key not in page and "otpauth" not in page
    assert '<td class="field-recovery_codes_left">10</td>' in page
    assert client.get(f"{LIST}add/").status_code == 403


def test_the_list_costs_the_same_queries_for_more_users(
    client, city_clerk, city, django_assert_max_num_queries
):
    client.force_login(city_clerk)
    enrol(grant(UserFactory(username="m0"), city, Role.MEMBER))
    client.get(LIST)  # warms what one request caches
    with django_assert_max_num_queries(40) as one:
        client.get(LIST)
    for number in range(1, 6):
        enrol(grant(UserFactory(username=f"m{number}"), city, Role.MEMBER))
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(LIST).content.decode().count('class="field-recovery_codes_left"') == 6


def test_django_otp_pages_of_devices_are_taken_down(client, city_clerk):
    client.force_login(city_clerk)
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert client.get("/admin/otp_static/staticdevice/").status_code == 404


def test_the_secretariat_resets_a_users_second_factor(client, city_clerk, member_login, changes):
    enrol(member_login)
    factor = SecondFactor.objects.get(pk=member_login.pk)
    client.force_login(city_clerk)
    response = client.post(LIST, {"action": "reset", "_selected_action": [factor.pk]}, follow=True)
    assert "已重置：1 个" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=member_login).exists()
    assert not StaticToken.objects.filter(device__user=member_login).exists()
    assert changes == [("member", "member", "enrolled"), ("member", "clerk", "reset")]
    entry = LogEntry.objects.get(action_flag=DELETION)
    assert entry.user == city_clerk and entry.object_id == str(factor.pk)
    audited = AuditEntry.objects.get(action=AuditEntry.Action.OTP_RESET)
    assert audited.actor == city_clerk and audited.details == {"user": member_login.pk}
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.OTP_RESET, actor=member_login).exists()
    # The member signs in with the password alone again.
    client.logout()
    client.post("/accounts/login/", {"username": "member", "password": "pass-word-123"})
    assert client.get("/portal/").status_code == 200


def test_a_clerk_resets_only_those_of_their_own_committee(
    client, county, county_clerk, city_clerk, member_login
):
    enrol(member_login)
    county_user = grant(UserFactory(username="county_member"), county, Role.MEMBER)
    enrol(county_user)
    client.force_login(county_clerk)
    listing = client.get(LIST).content.decode()
    assert county_user.display_name in listing and "李明远" not in listing
    city_factor = SecondFactor.objects.get(pk=member_login.pk)
    client.post(LIST, {"action": "reset", "_selected_action": [city_factor.pk]})
    assert TOTPDevice.objects.filter(user=member_login).exists()
    with pytest.raises(PermissionDenied):
        services.second_factor_reset(user=member_login, actor=county_clerk)
    # The city's clerk reads the county's (a committee below) but resets only the city's own.
    assert services.second_factor_reset(user=member_login, actor=city_clerk)
    with pytest.raises(PermissionDenied):
        services.second_factor_reset(user=county_user, actor=city_clerk)


def test_members_do_not_reach_the_list(client, member_login):
    member_login.is_staff = True
    member_login.save()
    client.force_login(member_login)
    assert client.get(LIST).status_code == 403
