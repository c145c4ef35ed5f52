"""The services of speeches: writing, the lifecycle steps with their timeline and notices, and their
refusals (403 the wrong person, 409 the wrong state, 400 bad input)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cppcc.core.workflow import InvalidTransition
from cppcc.org.models import Notification
from speeches import services
from tests.platforms.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def test_a_member_writes_submits_and_is_told_of_the_selection(speech_of, member_login, city_clerk):
    speech = speech_of(member_login, "submitted")
    selected = services.speech_select(speech=speech, mode="written", actor=city_clerk)
    assert (selected.state, selected.mode, selected.order) == ("selected_written", "written", 1)
    assert list(selected.timeline.order_by("at", "id").values_list("action", "from_state", "to_state")) == [
        ("create", "", "draft"),
        ("submit", "draft", "submitted"),
        ("select", "submitted", "selected_written"),
    ]
    notice = Notification.objects.get(user=member_login)
    assert "书面发言" in notice.message and notice.object_id == speech.pk


def test_return_and_reject_need_a_note_and_tell_the_speaker(speech_of, member_login, city_clerk):
    speech = speech_of(member_login, "submitted")
    with pytest.raises(ValidationError):
        services.speech_return(speech=speech, note=" ", actor=city_clerk)
    returned = services.speech_return(speech=speech, note="请补充数据", actor=city_clerk)
    assert (returned.state, returned.note) == ("draft", "请补充数据")
    services.speech_submit(speech=returned, actor=member_login)
    rejected = services.speech_reject(speech=returned, note="主题重复", actor=city_clerk)
    assert rejected.state == "not_selected"
    assert Notification.objects.filter(user=member_login).count() == 2


def test_the_wrong_person_hears_403_before_the_wrong_state(
    speech_of, member_login, member2_login, city_clerk
):
    draft = speech_of(member_login)
    with pytest.raises(PermissionDenied):
        services.speech_select(speech=draft, mode="oral", actor=member_login)
    with pytest.raises(PermissionDenied):
        services.speech_submit(speech=draft, actor=member2_login)
    with pytest.raises(InvalidTransition):
        services.speech_select(speech=draft, mode="oral", actor=city_clerk)
    with pytest.raises(InvalidTransition):
        services.speech_update(speech=speech_of(member_login, "submitted"), title="改", actor=member_login)


def test_a_speech_is_for_a_meeting_of_the_speakers_committee(city, county_plenary, member_login, leader):
    inspection = ActivityFactory(committee=city, kind="inspection")
    with pytest.raises(ValidationError) as refused:
        services.speech_create(activity=inspection, title="发言", content="正文", actor=member_login)
    assert "activity" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.speech_create(activity=county_plenary, title="发言", content="正文", actor=member_login)
    with pytest.raises(PermissionDenied):
        services.speech_create(activity=county_plenary, title="发言", content="正文", actor=leader)


def test_ordering_moves_a_speech_and_keeps_the_others_in_sequence(
    speech_of, member_login, member2_login, member3_login, city_clerk
):
    first, second, third = (
        speech_of(login, "selected", clerk=city_clerk, title=f"发言{n}")
        for n, login in enumerate((member_login, member2_login, member3_login), start=1)
    )
    services.speech_order(speech=third, order=1, actor=city_clerk)
    orders = {s.pk: s.order for s in (first, second, third) for s in [type(s).objects.get(pk=s.pk)]}
    assert orders == {third.pk: 1, first.pk: 2, second.pk: 3}
    with pytest.raises(ValidationError):
        services.speech_order(speech=third, order=9, actor=city_clerk)


def test_a_selected_speech_moves_to_the_other_mode_at_its_end(
    speech_of, member_login, member2_login, city_clerk
):
    speech_of(member2_login, "selected", clerk=city_clerk, mode="written", title="书面一")
    oral = speech_of(member_login, "selected", clerk=city_clerk)
    moved = services.speech_select(speech=oral, mode="written", actor=city_clerk)
    assert (moved.state, moved.order) == ("selected_written", 2)


def test_attachments_go_on_a_draft_only(speech_of, member_login):
    draft = speech_of(member_login)
    attachment = services.speech_attach(
        speech=draft, file=SimpleUploadedFile("数据.pdf", b"%PDF-1.4 data"), actor=member_login
    )
    assert attachment.original_name == "数据.pdf"
    services.speech_submit(speech=draft, actor=member_login)
    with pytest.raises(InvalidTransition):
        services.speech_attach(
            speech=draft, file=SimpleUploadedFile("b.pdf", b"%PDF-1.4"), actor=member_login
        )
