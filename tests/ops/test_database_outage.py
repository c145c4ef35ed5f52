"""The database unreachable: pages and the API answer 503 with a Chinese message and Retry-After
(not a 500, not a hang), and the next request after it returns is served as usual."""

from contextlib import contextmanager
from json import loads as json_loads

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client, RequestFactory

from cppcc.ops.errors import server_error

pytestmark = pytest.mark.django_db

MESSAGE = "暂时无法连接平台的数据库"


@contextmanager
def outage(error=OperationalError):
    """Every statement fails as it does when the server is gone, until the block ends."""

    def refuse(execute, sql, params, many, context):
        raise error("server closed the connection unexpectedly")

    with connection.execute_wrapper(refuse):
        yield


def test_a_page_answers_503_with_a_chinese_page_and_recovers(member_login):
    # The session is read by a middleware (the idle timeout) before any view: the error reaches
    # handler500, as the sign-in page's below, so the test client must not re-raise it.
    client = Client(raise_request_exception=False)
    client.force_login(member_login)
    with outage():
        response = client.get("/portal/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert MESSAGE in page and "暂时无法访问" in page
    assert client.get("/portal/").status_code == 200


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_the_api_answers_503_with_its_error_body(api, member_login, error):
    api.as_user(member_login)
    with outage(error):
        response = api.get("/api/proposals/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    body = response.json()
    assert body["code"] == "database_unavailable" and MESSAGE in body["detail"]
    assert api.get("/api/proposals/").status_code == 200


def test_a_write_during_the_outage_answers_503(api, member_login, city_session):
    body = {"committee": 1, "session": 1, "title": "停电时的提案", "content": "内容", "category": 1}
    with outage():
        response = api.as_user(member_login).post("/api/proposals/", body, format="json")
    assert response.status_code == 503 and response.json()["code"] == "database_unavailable"


def test_the_sign_in_page_answers_503_when_the_session_cannot_be_read(member_login):
    client = Client(raise_request_exception=False)
    client.force_login(member_login)
    with outage():
        response = client.post("/accounts/login/", {"username": "member", "password": "x"})
    assert response.status_code == 503 and MESSAGE in response.content.decode()


@pytest.mark.parametrize("path, json", [("/portal/", False), ("/api/me/", True)])
def test_an_outage_before_the_view_answers_503_through_the_500_handler(path, json):
    request = RequestFactory().get(path)
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503 and response["Retry-After"] == "5"
    if json:
        assert json_loads(response.content)["code"] == "database_unavailable"
    else:
        assert MESSAGE in response.content.decode()


def test_any_other_error_is_still_a_500():
    request = RequestFactory().get("/portal/")
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500


def test_the_schema_documents_503_on_every_operation(client):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = [op for path in schema["paths"].values() for op in path.values()]
    assert operations and all("503" in op["responses"] for op in operations)
    uploads = [
        (path, method)
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
        if "507" in op["responses"]
    ]
    assert ("/api/proposals/{id}/attachments/", "post") in uploads
