"""DELETE /api/auth/token/ signs an API client out: the token stops working."""

import pytest
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def test_deleting_the_token_revokes_it(api, member_login):
    token = api.post("/api/auth/token/", {"username": "member", "password": "pass-word-123"}, format="json")
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    assert api.get("/api/me/").status_code == 200
    response = api.delete("/api/auth/token/")
    assert response.status_code == 204 and response.content == b""
    assert not Token.objects.filter(user=member_login).exists()
    assert api.get("/api/me/").status_code == 401


def test_a_session_user_revokes_their_token(api, member_login):
    Token.objects.create(user=member_login)
    assert api.as_user(member_login).delete("/api/auth/token/").status_code == 204
    assert not Token.objects.filter(user=member_login).exists()


def test_anonymous_deletion_answers_401(api, member_login):
    Token.objects.create(user=member_login)
    response = api.delete("/api/auth/token/")
    assert response.status_code == 401 and "detail" in response.json()
    assert Token.objects.filter(user=member_login).exists()
