"""The policy holds wherever a password is set: the password page of every signed-in user, the
admin's new-account and set-password forms, and the changepassword and createsuperuser commands."""

from unittest import mock

import pytest
from django.contrib.auth.management.commands import changepassword
from django.core.management import call_command
from django.core.management.base import CommandError

from cppcc.accounts.models import PasswordHistory
from cppcc.org.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OLD = "pass-word-123"
GOOD = "Plum-crater-2024"


@pytest.fixture
def root(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, root):
    client.force_login(root)
    return client


def page_change(client, new: str):
    return client.post(
        "/accounts/password/", {"old_password": OLD, "new_password1": new, "new_password2": new}
    )


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Plum-9x", "密码太短：至少需要 10 个字符。"),
        ("plumcrater-x", "密码须至少包含大写字母、小写字母、数字、符号中的 3 类。"),
        ("Plum李明远2024", "密码不得包含用户名或姓名。"),
        (OLD, "密码不得与最近 5 次使用过的密码相同。"),
    ],
    ids=["short", "classes", "name", "current"],
)
def test_the_password_page_refuses_what_the_policy_refuses(client, member_login, password, message):
    client.force_login(member_login)
    response = page_change(client, password)
    assert response.status_code == 200 and message in response.content.decode()
    assert User.objects.get(pk=member_login.pk).check_password(OLD)


def test_the_password_page_sets_a_good_password_and_records_it(client, member_login):
    client.force_login(member_login)
    assert client.get("/accounts/password/").status_code == 200
    assert page_change(client, GOOD)["Location"] == "/accounts/password/done/"
    user = User.objects.get(pk=member_login.pk)
    assert user.check_password(GOOD)
    assert PasswordHistory.objects.filter(user=user).first().password == user.password
    assert page_change(client, OLD).status_code == 200  # back to the previous one: refused
    assert "修改密码" in client.get("/portal/").content.decode()  # linked from every page


def test_the_password_page_needs_a_sign_in(client):
    assert client.get("/accounts/password/")["Location"].startswith("/accounts/login/")


def test_the_admin_refuses_a_weak_password_for_a_new_account(admin_client):
    response = admin_client.post(
        "/admin/org/user/add/",
        {
            "username": "zhangsan",
            "password1": "zhangsan-2024",
            "password2": "zhangsan-2024",
            "usable_password": "true",
        },
    )
    assert response.status_code == 200 and not User.objects.filter(username="zhangsan").exists()
    assert "密码须至少包含大写字母、小写字母、数字、符号中的 3 类。" in response.content.decode()


def test_the_admin_creates_an_account_with_a_good_password_and_records_it(admin_client):
    response = admin_client.post(
        "/admin/org/user/add/",
        {"username": "zhangsan", "password1": GOOD, "password2": GOOD, "usable_password": "true"},
    )
    assert response.status_code == 302
    user = User.objects.get(username="zhangsan")
    assert [entry.password for entry in PasswordHistory.objects.filter(user=user)] == [user.password]


def test_the_admin_refuses_to_set_a_recent_password_and_sets_a_good_one(admin_client, member_login):
    url = f"/admin/org/user/{member_login.pk}/password/"
    refused = admin_client.post(url, {"password1": OLD, "password2": OLD})
    assert refused.status_code == 200 and "密码不得与最近 5 次使用过的密码相同。" in refused.content.decode()
    assert admin_client.post(url, {"password1": GOOD, "password2": GOOD}).status_code == 302
    assert User.objects.get(pk=member_login.pk).check_password(GOOD)


def test_changepassword_refuses_a_weak_password_then_takes_a_good_one(member_login):
    with (
        mock.patch.object(changepassword.Command, "_get_pass", return_value="member-weak"),
        pytest.raises(CommandError, match="after 3 attempts"),
    ):
        call_command("changepassword", "member", stdout=mock.MagicMock(), stderr=mock.MagicMock())
    assert User.objects.get(pk=member_login.pk).check_password(OLD)
    with mock.patch.object(changepassword.Command, "_get_pass", return_value=GOOD):
        call_command("changepassword", "member", stdout=mock.MagicMock())
    user = User.objects.get(pk=member_login.pk)
    assert user.check_password(GOOD) and PasswordHistory.objects.filter(user=user).count() == 2


def test_createsuperuser_applies_the_policy_to_the_environments_password(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "admin-2024")
    with pytest.raises(CommandError, match="密码"):
        call_command("createsuperuser", "--noinput", username="admin", email="admin@example.org", verbosity=0)
    assert not User.objects.filter(username="admin").exists()
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Plum-admin-2024")
    with pytest.raises(CommandError, match="密码不得包含用户名或姓名。"):
        call_command("createsuperuser", "--noinput", username="admin", email="admin@example.org", verbosity=0)
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", GOOD)
    call_command("createsuperuser", "--noinput", username="admin", email="admin@example.org", verbosity=0)
    user = User.objects.get(username="admin")
    assert user.is_superuser and user.check_password(GOOD)
    assert PasswordHistory.objects.filter(user=user).count() == 1
