"""The public pages: the list with its filters and a search that understands Chinese, a proposal's
page with its reply and rating, a committee's figures, robots.txt, the sitemap, the 长辈模式 switch."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def titles(response) -> set[str]:
    return {proposal.title for proposal, _proposers, _units in response.context["rows"]}


def test_the_list_shows_every_committees_published_proposals(client, public_world):
    response = client.get("/public/")
    assert response.status_code == 200
    assert titles(response) == {p.title for p in public_world.published}
    page = response.content.decode()
    assert "李明远" in page and "经济界" in page and "王晓梅" in page and "市住房城乡建设局" in page


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"q": "老旧小区"}, {"关于加快老旧小区改造的建议"}),
        ({"q": "加装电梯"}, {"关于加快老旧小区改造的建议"}),  # words of the text, not the title
        ({"q": "托育 普惠"}, {"关于发展托育服务的建议"}),
        ({"q": "未公开"}, set()),
        ({"q": "不存在的词语"}, set()),
    ],
)
def test_the_search_finds_chinese_words(client, public_world, query, expected):
    assert titles(client.get("/public/", query)) == expected


def test_the_filters(client, public_world, city, county, unit):
    first, second, in_county = public_world.published
    assert titles(client.get("/public/", {"committee": county.pk})) == {in_county.title}
    assert titles(client.get("/public/", {"category": second.category_id})) == {second.title}
    assert titles(client.get("/public/", {"unit": unit.pk})) == {first.title, second.title}
    year = first.session.opened_on.year
    assert first.title in titles(client.get("/public/", {"year": year}))
    assert titles(client.get("/public/", {"year": 1950})) == set()
    # Nonsense is ignored, not an error.
    assert titles(client.get("/public/", {"year": "abc", "committee": "-1"})) == {
        p.title for p in public_world.published
    }


def test_a_proposals_page(client, public_world):
    first = public_world.published[0]
    response = client.get(f"/public/proposals/{first.pk}/")
    page = response.content.decode()
    for text in (first.title, first.code, "李明远", "王晓梅", "教育界", "城乡建设", "市住房城乡建设局"):
        assert text in page
    assert "所提问题已经解决或采纳" in page and "已采纳" in page
    assert "满意" in page  # the proposer's rating
    assert "＊＊＊" in page  # the phone numbers typed into the reply


def test_a_committees_page(client, public_world, city):
    year = public_world.published[0].registered_at.year
    response = client.get(f"/public/committees/{city.pk}/", {"year": year})
    figures = response.context["figures"]
    assert figures.registered == 5 + 1  # five in the city, one in the county below it
    assert figures.published == 3
    assert figures.reply_categories["A"]["count"] == 5 and figures.reply_categories["B"]["count"] == 1
    assert [row["unit_name"] for row in figures.units] == ["市住房城乡建设局", "区教育和体育局"]
    assert "市住房城乡建设局" in response.content.decode()
    assert client.get("/public/committees/").status_code == 200
    assert client.get("/public/committees/999999/").status_code == 404


def test_robots_txt_opens_only_the_public_pages(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Allow: /public/" in text and "Disallow: /\n" in text and "/sitemap.xml" in text


def test_the_sitemap_lists_the_published_pages(client, public_world):
    text = client.get("/sitemap.xml").content.decode()
    for proposal in public_world.published:
        assert f"/public/proposals/{proposal.pk}/" in text
    for proposal in public_world.unpublished:
        assert f"/public/proposals/{proposal.pk}/<" not in text


def test_the_senior_switch_of_a_visitor(client, public_world):
    response = client.get(reverse("public:senior-mode"), {"on": "1", "next": "/public/committees/"})
    assert response.status_code == 302 and response["Location"] == "/public/committees/"
    assert 'class="senior"' in client.get("/public/").content.decode()
    away = client.get(reverse("public:senior-mode"), {"on": "0", "next": "https://evil.example/"})
    assert away["Location"] == "/public/"
    assert 'class="senior"' not in client.get("/public/").content.decode()


def test_the_list_costs_the_same_queries_whatever_its_size(client, public_world, django_assert_num_queries):
    client.get("/public/")
    with django_assert_num_queries(8):
        client.get("/public/", {"committee": public_world.published[2].committee_id})
    with django_assert_num_queries(8):
        client.get("/public/")
