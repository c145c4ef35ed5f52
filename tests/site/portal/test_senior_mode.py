"""长辈模式: one switch on every page; a logged-in user's choice is kept on their account, a
visitor's in a cookie; the page comes back in large text with high contrast."""

import pytest

from cppcc.org.models import User

pytestmark = pytest.mark.django_db


def is_senior(page: str) -> bool:
    return '<html lang="zh-hans" class="senior">' in page


def test_a_visitor_turns_it_on_for_the_login_page(client):
    assert not is_senior(client.get("/accounts/login/").content.decode())
    response = client.post("/accounts/senior-mode/", {"on": "1", "next": "/accounts/login/"})
    assert response.status_code == 302 and response.url == "/accounts/login/"
    assert response.cookies["senior_mode"].value == "1"
    page = client.get("/accounts/login/").content.decode()
    assert is_senior(page) and 'aria-pressed="true"' in page and "长辈模式" in page


def test_a_member_s_choice_is_kept_on_their_account(client, member_login):
    client.force_login(member_login)
    client.post("/accounts/senior-mode/", {"on": "1", "next": "/portal/"})
    assert User.objects.get(pk=member_login.pk).senior_mode
    client.cookies.clear()
    client.force_login(member_login)
    assert is_senior(client.get("/portal/proposals/").content.decode())
    client.post("/accounts/senior-mode/", {"on": "0", "next": "/portal/"})
    assert not User.objects.get(pk=member_login.pk).senior_mode
    assert not is_senior(client.get("/portal/").content.decode())


def test_it_never_sends_the_user_to_another_site(client):
    response = client.post("/accounts/senior-mode/", {"on": "1", "next": "https://example.com/"})
    assert response.url == "/"


def test_it_is_a_post(client):
    assert client.get("/accounts/senior-mode/").status_code == 405
