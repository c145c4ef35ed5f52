"""Who reads which speeches (the gate, ``Speech.objects.restrict``): members their own and their
collectives' in every state and the selected speeches of their committee; the secretariat and
leaders every speech of the committees they oversee; handling units none."""

import pytest

from cppcc.core.querysets import VIEW
from speeches import services
from speeches.models import Speech
from speeches.selectors import selected_for

pytestmark = pytest.mark.django_db


def visible(user) -> set[int]:
    return set(Speech.objects.restrict(user, VIEW).values_list("pk", flat=True))


def test_members_read_their_own_and_the_selected_speeches_of_their_committee(
    speech_of, member_login, member2_login, member3_login, city_clerk
):
    draft = speech_of(member_login)
    submitted = speech_of(member2_login, "submitted", title="加快补齐农村养老服务短板")
    selected = speech_of(member3_login, "selected", clerk=city_clerk, title="完善县域医共体建设")
    assert visible(member_login) == {draft.pk, selected.pk}
    assert visible(member2_login) == {submitted.pk, selected.pk}
    assert visible(member3_login) == {selected.pk}


def test_a_member_reads_the_speeches_of_their_sector_and_party(
    plenary, sector, party, member, member_login, member2_login, city_clerk
):
    member.sector, member.party = sector, party
    member.save(update_fields=["sector", "party"])
    by_sector = services.speech_create(
        activity=plenary, title="界别发言", content="正文", author_sector=sector, actor=city_clerk
    )
    by_party = services.speech_create(
        activity=plenary, title="党派发言", content="正文", author_party=party, actor=city_clerk
    )
    assert visible(member_login) == {by_sector.pk, by_party.pk}
    assert visible(member2_login) == set()


def test_staff_and_leaders_read_the_committees_they_oversee(
    speech_of, member_login, county_plenary, county_member, county_clerk, city_clerk, leader, unit_contact
):
    city_speech = speech_of(member_login)
    county_speech = services.speech_create(
        activity=county_plenary, title="县域发言", content="正文", author=county_member, actor=county_clerk
    )
    assert visible(city_clerk) == {city_speech.pk, county_speech.pk}
    assert visible(leader) == {city_speech.pk, county_speech.pk}
    assert visible(county_clerk) == {county_speech.pk}
    assert visible(unit_contact) == set()


def test_selected_for_lists_oral_speeches_first_each_mode_in_order(
    speech_of, plenary, member_login, member2_login, member3_login, city_clerk
):
    written = speech_of(member_login, "selected", clerk=city_clerk, mode="written", title="书面发言")
    second = speech_of(member2_login, "selected", clerk=city_clerk, title="口头发言二")
    first = speech_of(member3_login, "selected", clerk=city_clerk, title="口头发言一")
    services.speech_order(speech=first, order=1, actor=city_clerk)
    rows = [(s.mode, s.order, s.title, s.speaker) for s in selected_for(plenary, member_login)]
    assert rows == [
        ("oral", 1, first.title, "赵思远"),
        ("oral", 2, second.title, "王晓梅"),
        ("written", 1, written.title, "李明远"),
    ]
