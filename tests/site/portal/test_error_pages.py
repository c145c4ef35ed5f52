"""Error pages in Chinese with DEBUG off: 403 (saying whom to ask) and 404 in the portal's style,
under /admin/ in the admin's; 500 from its template without the database; the login page's 429
while locked out; the favicon; the committee's name on the login page."""

import pytest
from django.test import RequestFactory
from django.views import defaults

from cppcc.accounts.models import Lockout
from tests.factories import CommitteeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def debug_off(settings):
    settings.DEBUG = False


def test_a_missing_page_is_a_chinese_404_with_a_way_back(client, member_login):
    client.force_login(member_login)
    response = client.get("/portal/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page and 'href="/"' in page and "返回首页" in page and 'class="topbar"' in page


def test_a_member_on_the_dashboard_gets_a_chinese_403_that_says_whom_to_ask(client, member_login):
    response = client.get("/dashboard/", follow=False)
    client.force_login(member_login)
    response = client.get("/dashboard/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "您无权访问此页面" in page and "政协办公室" in page and "Forbidden" not in page


def test_the_admin_s_404_looks_like_the_admin(client, city_clerk):
    client.force_login(city_clerk)
    response = client.get("/admin/no-such-app/")
    page = response.content.decode()
    assert response.status_code == 404
    assert 'id="site-name"' in page and "页面不存在" in page and "返回管理首页" in page


def test_the_admin_s_403_looks_like_the_admin(client, member_login):
    member_login.is_staff = True
    member_login.save()
    client.force_login(member_login)
    response = client.get("/admin/accounts/loginattempt/add/")
    page = response.content.decode()
    assert response.status_code == 403
    assert 'id="site-name"' in page and "您无权访问此页面" in page and "平台管理员" in page


def test_the_500_page_renders_without_a_request_context():
    response = defaults.server_error(RequestFactory().get("/portal/"))
    page = response.content.decode()
    assert response.status_code == 500 and "系统出错了" in page and "返回首页" in page


def test_a_locked_out_login_is_a_429_in_the_login_page(client, member_login, settings):
    settings.LOGIN_LOCKOUT_FAILURES = 2
    for _ in range(2):
        client.post("/accounts/login/", {"username": "member", "password": "wrong"})
    assert Lockout.objects.filter(key="member", locked_until__isnull=False).exists()
    response = client.post("/accounts/login/", {"username": "member", "password": "pass-word-123"})
    page = response.content.decode()
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    assert "账号已被锁定" in page or "锁定" in page
    assert 'role="alert"' in page


def test_the_favicon_answers(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response.url.endswith("favicon.svg")
    assert 'rel="icon" href="/static/favicon.svg"' in client.get("/accounts/login/").content.decode()


def test_the_login_page_names_the_committee(client, city):
    CommitteeFactory(name="政协某县委员会", level="county", parent=city, code="some-county")
    page = client.get("/accounts/login/").content.decode()
    assert f'<p class="committee-name" id="committee-name">{city.name}</p>' in page
