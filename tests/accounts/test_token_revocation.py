"""DELETE /api/auth/token/ signs an API client out: the token stops working."""

import pytest

from cppcc.accounts.models import ApiToken
from cppcc.accounts.services import api_token_issue

pytestmark = pytest.mark.django_db


def test_deleting_the_token_revokes_it(api, member_login):
    token = api.post("/api/auth/token/", {"username": "member", "password": "pass-word-123"}, format="json")
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    assert api.get("/api/me/").status_code == 200
    response = api.delete("/api/auth/token/")
    assert response.status_code == 204 and response.content == b""
    assert not ApiToken.objects.filter(user=member_login).exists()
    assert api.get("/api/me/").status_code == 401


def test_only_the_token_of_the_request_is_revoked(api, member_login):
    """Each client signs in with a token of its own: signing one out leaves the others."""
    _phone, phone_key = api_token_issue(user=member_login, name="phone")
    laptop, _laptop_key = api_token_issue(user=member_login, name="laptop")
    api.credentials(HTTP_AUTHORIZATION=f"Token {phone_key}")
    assert api.delete("/api/auth/token/").status_code == 204
    assert list(ApiToken.objects.filter(user=member_login)) == [laptop]


def test_a_session_user_revokes_their_tokens(api, member_login):
    api_token_issue(user=member_login)
    api_token_issue(user=member_login)
    assert api.as_user(member_login).delete("/api/auth/token/").status_code == 204
    assert not ApiToken.objects.filter(user=member_login).exists()


def test_anonymous_deletion_answers_401(api, member_login):
    api_token_issue(user=member_login)
    response = api.delete("/api/auth/token/")
    assert response.status_code == 401 and "detail" in response.json()
    assert ApiToken.objects.filter(user=member_login).exists()
