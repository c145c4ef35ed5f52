"""The public lead form (/public/leads/new/): anyone sends a lead without signing in and reads its
receipt number; the trap field, the length and link checks and the per-address limit refuse the
rest, in Chinese."""

import pytest
from django.core.cache import cache

from proposals.models import Lead, LeadState
from tests.proposals.factories import CategoryFactory

pytestmark = pytest.mark.django_db

URL = "/public/leads/new/"
TEXT = "建议在人民公园东门增设公交站点，方便老年人出行。"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def category(city):
    return CategoryFactory(committee=city, name="城乡建设")


def form(city, category, **changes):
    return {"committee": city.pk, "category": category.pk, "description": TEXT, "website": "", **changes}


def test_the_form_is_public(client, city, category):
    response = client.get(URL, {"committee": city.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert "提交提案线索" in page
    assert "城乡建设" in page and "聊城市政协" in page
    assert 'type="tel"' in page


def test_a_lead_is_sent_and_its_receipt_shown(client, city, category):
    response = client.post(URL, form(city, category, name="张女士", phone="0635-1234567"))
    assert response.status_code == 200
    lead = Lead.objects.get()
    assert lead.state == LeadState.RECEIVED
    assert (lead.name, lead.phone, lead.category, lead.committee) == (
        "张女士",
        "0635-1234567",
        category,
        city,
    )
    page = response.content.decode()
    assert lead.receipt in page
    assert "回执号" in page


def test_the_trap_field_refuses(client, city, category):
    response = client.post(URL, form(city, category, website="http://spam.example"))
    assert response.status_code == 400
    assert "请保持此栏为空" in response.content.decode()
    assert not Lead.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("路灯坏了", "请用10至300个字说明情况"),
        ("长" * 301, "不超过 300 字符"),
        ("更多内容请看 http://example.com/x 谢谢大家", "请用文字说明情况，不要附网址"),
    ],
)
def test_length_and_link_checks(client, city, category, text, message):
    response = client.post(URL, form(city, category, description=text))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Lead.objects.exists()


def test_a_category_of_another_committee_is_refused(client, city, county, category):
    CategoryFactory(committee=county, name="社会")
    response = client.post(URL, form(county, category))
    assert response.status_code == 400
    assert "该类别属于其他政协组织" in response.content.decode()


def test_too_many_from_one_address(client, city, category, settings):
    for _i in range(5):
        assert client.post(URL, form(city, category)).status_code == 200
    response = client.post(URL, form(city, category))
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600
    assert "请稍后再试" in response.content.decode()
    assert Lead.objects.count() == 5
    # Another address is not held back.
    assert client.post(URL, form(city, category), REMOTE_ADDR="203.0.113.9").status_code == 200
