"""Digests (提案摘报): numbered gapless per committee and year, composed by the secretariat in the
admin (proposals picked through the gate, each item's text edited, reordered), exported to Word."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from docx import Document

from proposals import services
from proposals.documents import digest_document
from proposals.models import Digest

pytestmark = pytest.mark.django_db


def compose(committee, actor, *, year=2024, items=()):
    return services.digest_create(
        committee=committee,
        year=year,
        title="重点提案核心建议",
        issued_on=datetime.date(year, 4, 18),
        recipients="市委、市政府主要领导",
        actor=actor,
        items=items,
    )


def test_numbers_run_gapless_per_committee_and_year(city, county, city_clerk, county_clerk):
    assert [compose(city, city_clerk).number for _ in range(3)] == [1, 2, 3]
    assert compose(city, city_clerk, year=2025).number == 1
    assert compose(county, county_clerk).number == 1


def test_only_the_committees_secretariat_composes(city, county_clerk, member_login, leader):
    for outsider in (county_clerk, member_login, leader):
        with pytest.raises(PermissionDenied):
            compose(city, outsider)
    assert not Digest.objects.exists()


def test_the_word_document_has_the_number_items_and_recipients(registered, city, city_clerk):
    digest = compose(city, city_clerk, items=[(registered, "一是加强统筹；\n二是加大投入。")])
    document = Document(io.BytesIO(digest_document(digest)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "提案摘报" in text and "2024年第1期" in text and f"{city.name}提案委员会" in text
    assert f"1. {registered.title}" in text and registered.code in text
    assert registered.proposer.name in text and "一是加强统筹；" in text
    assert "报送：市委、市政府主要领导。" in text
    assert round(document.sections[0].page_width.mm) == 210


def test_the_clerk_composes_one_in_the_admin_and_downloads_it(client, registered, city, city_clerk):
    client.force_login(city_clerk)
    form = {
        "committee": city.pk,
        "year": 2024,
        "title": "重点提案核心建议",
        "issued_on": "2024-04-18",
        "recipients": "市委、市政府主要领导",
        "items-TOTAL_FORMS": 1,
        "items-INITIAL_FORMS": 0,
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 1000,
        "items-0-order": 1,
        "items-0-proposal": registered.pk,
        "items-0-suggestions": "加强统筹协调。",
    }
    response = client.post("/admin/proposals/digest/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    digest = Digest.objects.get()
    assert digest.number == 1 and list(digest.items.values_list("suggestions", flat=True)) == [
        "加强统筹协调。"
    ]
    download = client.get(f"/admin/proposals/digest/{digest.pk}/document/")
    assert download.status_code == 200 and "2024年第1期" in "\n".join(
        p.text for p in Document(io.BytesIO(download.content)).paragraphs
    )


def test_a_member_cannot_read_the_document(client, registered, city, city_clerk, member_login):
    digest = compose(city, city_clerk, items=[(registered, "建议。")])
    client.force_login(member_login)
    response = client.get(f"/admin/proposals/digest/{digest.pk}/document/")
    assert response.status_code == 302
