"""The co-signer picker: the portal's member search finds the other members of the member's own
committee by name, sector or workplace; the form renders the chosen ones as ticked boxes under a
labelled search box; choosing co-signers is what makes a proposal joint."""

import pytest

from proposals.models import Cosignature, Kind, Proposal
from tests.factories import MemberFactory, SectorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def others(city, county, member2):
    return {
        "teacher": MemberFactory(committee=city, name="张华", workplace="聊城一中 校长"),
        "farmer": MemberFactory(
            committee=city,
            name="刘强",
            workplace="东昌府区合作社",
            sector=SectorFactory(committee=city, name="农业界"),
        ),
        "elsewhere": MemberFactory(committee=county, name="张华清", workplace="聊城一中 教师"),
    }


def found(client, term):
    response = client.get("/portal/members/search/", {"term": term})
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("张", ["张华（聊城一中 校长）"]),
        ("农业", ["刘强（农业界 · 东昌府区合作社）"]),
        ("一中", ["张华（聊城一中 校长）"]),
    ],
)
def test_it_finds_members_by_name_sector_or_workplace(client, member_login, others, term, expected):
    client.force_login(member_login)
    assert found(client, term) == expected


def test_it_never_offers_the_member_themself(client, member_login, member):
    client.force_login(member_login)
    assert found(client, "李明远") == []


def test_only_members_may_search(client, unit_contact):
    client.force_login(unit_contact)
    assert client.get("/portal/members/search/", {"term": "张"}).status_code == 403


def test_the_form_has_a_labelled_search_box_and_the_chosen_ones_ticked(
    client, member_login, joint_draft, member2
):
    client.force_login(member_login)
    page = client.get(f"/portal/proposals/{joint_draft.pk}/edit/").content.decode()
    assert '<label for="id_cosigners">' in page and 'type="search"' in page and 'id="id_cosigners"' in page
    assert f'name="cosigners" value="{member2.pk}" checked' in page
    assert "Ctrl" not in page and 'name="kind"' not in page


def test_choosing_co_signers_on_edit_makes_the_draft_joint(client, member_login, draft, member2, category):
    client.force_login(member_login)
    data = {"title": draft.title, "content": "内容。", "category": category.pk, "cosigners": [member2.pk]}
    assert client.post(f"/portal/proposals/{draft.pk}/edit/", data).status_code == 302
    draft.refresh_from_db()
    assert draft.kind == Kind.JOINT
    assert draft.cosignatures.get().status == Cosignature.Status.INVITED
    data.pop("cosigners")
    client.post(f"/portal/proposals/{draft.pk}/edit/", data)
    assert Proposal.objects.get(pk=draft.pk).kind == Kind.INDIVIDUAL


def test_the_page_shows_who_has_and_has_not_answered_and_offers_submit_only_when_allowed(
    client, member_login, member2_login, joint_draft
):
    client.force_login(member_login)
    page = client.get(f"/portal/proposals/{joint_draft.pk}/").content.decode()
    assert "待联名人确认" in page and '<dd id="cosigners-waiting">王晓梅</dd>' in page
    assert f"/portal/proposals/{joint_draft.pk}/submit/" not in page
    client.force_login(member2_login)
    client.post(f"/portal/proposals/{joint_draft.pk}/cosign/", {"accept": "yes"})
    client.force_login(member_login)
    page = client.get(f"/portal/proposals/{joint_draft.pk}/").content.decode()
    assert "待联名人确认" not in page and f"/portal/proposals/{joint_draft.pk}/submit/" in page
    assert "王晓梅同意联名。" in page  # on the timeline
