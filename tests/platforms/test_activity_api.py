"""The activity list and the other platform lists: fields, filters, writes and bad input."""

import datetime

import pytest

from platforms.models import Activity
from tests.factories import MemberFactory

from .factories import (
    ActivityFactory,
    AttendanceFactory,
    PublicationFactory,
    RoomFactory,
    SectorGroupFactory,
    StudyRoomFactory,
    TeamMemberFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db


def test_create_answers_the_activity_with_labels(api, city_clerk, city):
    room = RoomFactory(committee=city, name="古楼街道民生议事室")
    body = {
        "committee": city.pk,
        "kind": "room_deliberation",
        "title": "老旧小区加装电梯协商",
        "date": "2024-06-01",
        "room": room.pk,
        "topic_source": "solicited",
        "problems_solved": 3,
    }
    response = api.as_user(city_clerk).post("/api/activities/", body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["kind_display"] == "议事室协商议事"
    assert data["topic_source_display"] == "社会征题"
    assert data["room"] == room.pk and data["problems_solved"] == 3 and data["participants_count"] == 0


@pytest.mark.parametrize(
    "change, field",
    [
        ({"kind": "party"}, "kind"),
        ({"date": "yesterday"}, "date"),
        ({"problems_solved": -1}, "problems_solved"),
        ({"completed": True}, "__all__"),
        ({"starts_at": "15:00", "ends_at": "14:00"}, "__all__"),
        ({"room": 999999}, "room"),
        ({"committee": "x"}, "committee"),
        ({"date": "1900-01-01"}, "__all__"),
    ],
)
def test_bad_activity_input_answers_400(api, city_clerk, city, change, field):
    body = {"committee": city.pk, "kind": "inspection", "title": "视察", "date": "2024-05-01", **change}
    response = api.as_user(city_clerk).post("/api/activities/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_a_room_of_another_committee_is_refused(api, city_clerk, city, county):
    room = RoomFactory(committee=county)
    body = {
        "committee": city.pk,
        "kind": "room_deliberation",
        "title": "议事",
        "date": "2024-05-01",
        "room": room.pk,
    }
    response = api.as_user(city_clerk).post("/api/activities/", body, format="json")
    assert response.status_code == 400
    assert response.json()["room"] == ["它属于其他政协组织。"]


def test_patch_changes_the_activity(api, city_clerk, city):
    activity = ActivityFactory(committee=city, plan_task=True)
    response = api.as_user(city_clerk).patch(
        f"/api/activities/{activity.pk}/", {"completed": True}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["completed"] is True


def test_activity_filters(api, city_clerk, city, county, member):
    room = RoomFactory(committee=city)
    group = SectorGroupFactory(committee=city)
    in_room = ActivityFactory(committee=city, kind="room_deliberation", room=room)
    gathering = ActivityFactory(committee=city, kind="sector_gathering", sector_group=group)
    last_year = ActivityFactory(committee=city, date=datetime.date(2023, 5, 1))
    county_one = ActivityFactory(committee=county)
    AttendanceFactory(activity=last_year, member=member)
    client = api.as_user(city_clerk)

    def ids(query):
        response = client.get(f"/api/activities/?{query}")
        assert response.status_code == 200, response.content
        return {a["id"] for a in response.json()["results"]}

    assert ids(f"room={room.pk}") == {in_room.pk}
    assert ids(f"sector_group={group.pk}") == {gathering.pk}
    assert ids("kind=sector_gathering") == {gathering.pk}
    assert ids("year=2023") == {last_year.pk}
    assert ids(f"member={member.pk}") == {last_year.pk}
    assert ids(f"committee={county.pk}") == {county_one.pk}
    assert ids(f"within={city.pk}") == {in_room.pk, gathering.pk, last_year.pk, county_one.pk}


@pytest.mark.parametrize(
    "path",
    [
        "activities/?year=abc",
        "activities/?year=1800",
        "activities/?kind=party",
        "activities/?room=x",
        "activities/?member=%27",
        "activities/?completed=maybe",
        "activities/?date_from=soon",
        "rooms/?kind=castle",
        "publications/?level=galactic",
        "publications/?year=x",
        "visits/?kind=x",
        "sector-groups/?sector=x",
    ],
)
def test_nonsense_filters_answer_400(api, city_clerk, path):
    assert api.as_user(city_clerk).get(f"/api/{path}").status_code == 400


@pytest.mark.parametrize(
    "path", ["activities/999999/", "activities/abc/", "rooms/0/", "activities/999999/attendance/"]
)
def test_unknown_ids_answer_404(api, city_clerk, path):
    assert api.as_user(city_clerk).get(f"/api/{path}").status_code == 404


def test_platform_lists_carry_their_fields(api, city_clerk, city, member):
    group = SectorGroupFactory(committee=city, name="经济界界别同心汇")
    group.lead_members.add(member)
    TeamMemberFactory.create_batch(3, group=group)
    PublicationFactory(committee=city, channel="wechat", level="city")
    VisitFactory(committee=city, kind="chamber_of_commerce", organisation="聊城市浙江商会")
    StudyRoomFactory(committee=city, kind="book_corner")
    client = api.as_user(city_clerk)
    groups = client.get("/api/sector-groups/").json()["results"]
    assert groups[0]["lead_members"] == [member.pk] and groups[0]["team_members_count"] == 3
    assert groups[0]["lead_member_names"] == ["李明远"]
    publication = client.get("/api/publications/").json()["results"][0]
    assert publication["channel_display"] == "微信公众号" and publication["level"] == "city"
    visit = client.get("/api/visits/").json()["results"][0]
    assert visit["kind_display"] == "异地商会" and visit["organisation"] == "聊城市浙江商会"
    assert client.get("/api/study-rooms/").json()["results"][0]["kind_display"] == "书香政协"


def test_lists_are_read_only_and_activities_are_not_deleted(api, city_clerk, city):
    client = api.as_user(city_clerk)
    assert client.post("/api/rooms/", {"name": "x"}, format="json").status_code == 405
    activity = ActivityFactory(committee=city)
    assert client.delete(f"/api/activities/{activity.pk}/").status_code == 405
    assert Activity.objects.filter(pk=activity.pk).exists()


LIST_SETUP = {
    "activities": lambda city, members: [
        AttendanceFactory(
            activity=ActivityFactory(committee=city, room=RoomFactory(committee=city)), member=m
        )
        for m in members
    ],
    "rooms": lambda city, members: RoomFactory.create_batch(len(members), committee=city),
    "study-rooms": lambda city, members: StudyRoomFactory.create_batch(len(members), committee=city),
    "sector-groups": lambda city, members: [
        SectorGroupFactory(committee=city).lead_members.add(m) for m in members
    ],
    "publications": lambda city, members: PublicationFactory.create_batch(len(members), committee=city),
    "visits": lambda city, members: VisitFactory.create_batch(len(members), committee=city),
}


# Queries per list page: the user's access (3), the count and the page, and the prefetches.
LIST_QUERIES = {
    "activities": 6,
    "rooms": 5,
    "study-rooms": 5,
    "sector-groups": 7,
    "publications": 5,
    "visits": 5,
}


@pytest.mark.parametrize("name", list(LIST_SETUP))
def test_list_query_count_does_not_grow_with_the_page(
    api, city_clerk, city, city_term, name, django_assert_num_queries
):
    LIST_SETUP[name](city, MemberFactory.create_batch(25, committee=city, term=city_term))
    client = api.as_user(city_clerk)
    for size in (10, 200):
        with django_assert_num_queries(LIST_QUERIES[name]):
            assert client.get(f"/api/{name}/?page_size={size}").status_code == 200


def test_attachments_are_downloaded_by_those_who_read_the_activity(
    api, city_clerk, county_clerk, city, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from platforms.models import ActivityAttachment

    settings.MEDIA_ROOT = tmp_path
    activity = ActivityFactory(committee=city)
    attachment = ActivityAttachment.objects.create(
        activity=activity, file=SimpleUploadedFile("会议纪要.pdf", b"%PDF-1.4 minutes")
    )
    listed = api.as_user(city_clerk).get(f"/api/activities/{activity.pk}/").json()["attachments"]
    assert listed == [{"id": attachment.pk, "name": "会议纪要.pdf"}]
    url = f"/api/activities/{activity.pk}/attachments/{attachment.pk}/"
    response = api.as_user(city_clerk).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 minutes"
    assert api.as_user(county_clerk).get(url).status_code == 404
    assert (
        api.as_user(city_clerk).get(f"/api/activities/{activity.pk}/attachments/999999/").status_code == 404
    )
