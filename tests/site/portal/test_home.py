"""/ sends each user to their place; the login page has the username and password fields."""

import pytest

from cppcc.org.services import notify

pytestmark = pytest.mark.django_db


def test_anonymous_users_get_the_login_page(client):
    response = client.get("/", follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    assert 'name="username"' in page and 'name="password"' in page and "登录" in page


def test_secretariat_goes_to_the_admin(client, city_clerk):
    client.force_login(city_clerk)
    assert client.get("/").url == "/admin/"


@pytest.mark.parametrize("persona", ["member_login", "unit_contact"])
def test_members_and_units_go_to_the_portal(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/").url == "/portal/"
    assert client.get("/portal/").status_code == 200


def test_logging_in_with_the_form_lands_on_the_portal(client, member_login):
    response = client.post(
        "/accounts/login/", {"username": "member", "password": "pass-word-123"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/portal/"


def test_a_wrong_password_is_told_in_chinese_and_keeps_the_username(client, member_login):
    page = client.post("/accounts/login/", {"username": "member", "password": "wrong"}).content.decode()
    assert "请输入一个正确的" in page and 'value="member"' in page


def test_notifications_are_listed_and_marked_read(client, member_login):
    notify(users=[member_login], message="您的提案已立案")
    client.force_login(member_login)
    page = client.get("/portal/notifications/").content.decode()
    assert "您的提案已立案" in page and 'class="badge">1<' in page.replace(" ", "").replace(
        'class="badge">', 'class="badge">'
    )
    client.post("/portal/notifications/read/")
    assert member_login.notifications.filter(read_at__isnull=True).count() == 0
