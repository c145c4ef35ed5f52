"""The response cache keeps what a write does not touch and never serves what a write changed
(cppcc/core/response_cache.py): writes through the services and the API, in the city and in its
county, bulk writes, raw SQL (the importer's ``INSERT … SELECT``), updates and deletions without
signals, read back from the cache as every persona, as a county, city and province reader, lists
and details, against the same request answered fresh. Transactional tests with the cache in Redis."""

import datetime
import os
import uuid

import pytest
from django.db import connection
from django.db.models.signals import pre_save

from cppcc.core import response_cache
from cppcc.org.models import Committee, Role
from opinions import services as opinion_services
from opinions.models import Adoption, Body, OpinionReport
from platforms import services as platform_services
from proposals import services as proposal_services
from proposals.models import Cosignature, Proposal, Reply

from ..factories import CommitteeFactory, UserFactory, clerk_of, grant

pytestmark = pytest.mark.django_db(transaction=True)

LISTS = ["/api/proposals/", "/api/opinions/", "/api/activities/", "/api/members/", "/api/committees/"]


@pytest.fixture(autouse=True)
def redis_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": f"cppcc-test-{uuid.uuid4().hex}",
        }
    }
    settings.RESPONSE_CACHE = True
    settings.RESPONSE_CACHE_SECONDS = 60


@pytest.fixture
def province(world):
    """A province above the world's city, with its secretariat, and a second city under it."""
    top = CommitteeFactory(
        code="province", name="山东省政协", short_name="山东省", level=Committee.Level.PROVINCE
    )
    Committee.objects.filter(pk=world.city.pk).update(parent=top)
    world.users["province_clerk"] = grant(UserFactory(username="province_clerk"), top, Role.SECRETARIAT)
    other = CommitteeFactory(
        code="dezhou", name="德州市政协", short_name="德州市", level=Committee.Level.CITY, parent=top
    )
    world.users["other_city_clerk"] = clerk_of(other)
    return top


def readers(world) -> dict:
    return {name: user for name, user in world.users.items() if user is not None}


def read_everything(api, world, urls) -> dict:
    """Every persona reads every URL, from the cache where it can: (persona, url) -> (X-Cache, body)."""
    seen = {}
    for name, user in readers(world).items():
        for url in urls:
            response = api.as_user(user).get(url)
            seen[name, url] = (response.get("X-Cache"), response.content)
    return seen


def assert_fresh(api, world, urls) -> dict:
    """What every persona is served equals what a fresh request answers; returns the cache status."""
    served = read_everything(api, world, urls)
    for (name, url), (_status, body) in served.items():
        fresh = api.as_user(world.users[name]).get(url, HTTP_CACHE_CONTROL="no-cache")
        assert body == fresh.content, f"{name} was served a stale {url}"
    return {key: status for key, (status, _body) in served.items()}


def urls_of(world) -> list[str]:
    return [
        *LISTS,
        f"/api/proposals/{world.proposal.pk}/",
        f"/api/proposals/{world.replied.pk}/",
        f"/api/proposals/{world.registered.pk}/",
        f"/api/proposals/{world.submitted.pk}/",
        f"/api/proposals/{world.invitation.pk}/",
        f"/api/opinions/{world.report.pk}/",
        f"/api/opinions/{world.accepted_report.pk}/",
        f"/api/opinions/{world.county_report.pk}/",
        f"/api/activities/{world.activity.pk}/",
        f"/api/activities/{world.county_activity.pk}/",
    ]


def register_by_api(api, world):
    response = api.as_user(world.users["city_clerk"]).post(f"/api/proposals/{world.submitted.pk}/register/")
    assert response.status_code == 200


def reply(api, world):
    proposal_services.proposal_reply(
        proposal=world.proposal, actor=world.users["unit"], category="B", content="正在办理。"
    )


def adopt(api, world):
    opinion_services.adoption_record(
        report=world.accepted_report,
        actor=world.users["city_clerk"],
        body=Body.CITY_PARTY_COMMITTEE,
        action=Adoption.Action.ADOPTED,
        date=datetime.date(2024, 5, 1),
    )


def accept_in_the_county(api, world):
    opinion_services.report_accept(report=world.county_report, actor=world.users["county_clerk"])


def attend(api, world):
    platform_services.attendance_record(
        activity=world.activity,
        member=world.members["member"],
        status="present",
        actor=world.users["city_clerk"],
    )


def attend_in_the_county(api, world):
    platform_services.attendance_record(
        activity=world.county_activity,
        member=world.members["county_member"],
        status="present",
        actor=world.users["county_clerk"],
    )


def merge(api, world):
    """The target's detail lists the merged proposal's proposers: a save of another proposal."""
    proposal_services.proposal_merge(
        proposal=world.submitted, actor=world.users["city_clerk"], into=world.registered
    )


def invite_in_bulk(api, world):
    """Co-signatures written by ``bulk_create()``, named by ``writing_in()`` with their proposal."""
    proposal_services.proposal_update(
        proposal=world.invitation,
        actor=world.users["member"],
        cosigners=[world.members["cosigner"].pk, world.members["another_member"].pk],
    )


def import_reports(api, world):
    """The ledger import: bulk inserts and its ``INSERT … SELECT`` of the change history."""
    row = opinion_services.LedgerRow(
        title="关于城乡公交一体化的建议",
        submitted_at=None,
        state=OpinionReport.State.ACCEPTED,
        authors=[world.members["member"]],
        adoptions=[
            opinion_services.LedgerAdoption(
                body=Body.CITY_GOVERNMENT, action=Adoption.Action.ADOPTED, date=datetime.date(2024, 5, 2)
            )
        ],
    )
    opinion_services.reports_import(committee=world.city, rows=[row], actor=world.users["city_clerk"])


def insert_select(api, world):
    """Raw SQL as the importer writes it: rows made by an ``INSERT … SELECT`` from others."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO opinions_adoption (report_id, body, action, date, leader, leader_title, reference,"
            " note) SELECT id, %s, %s, %s, '', '', '', '' FROM opinions_opinionreport WHERE id = %s",
            [
                Body.PROVINCE_CPPCC,
                Adoption.Action.ADOPTED,
                datetime.date(2024, 6, 1),
                world.accepted_report.pk,
            ],
        )


def update_without_signals(api, world):
    Proposal.objects.filter(pk=world.replied.pk).update(title="关于背街小巷照明改造的建议")


def delete_a_reply(api, world):
    Reply.objects.filter(proposal=world.replied).delete()


def delete_an_adoption(api, world):
    adopt(api, world)
    Adoption.objects.get(report=world.accepted_report).delete()


# Each case reads 17 pages as 10 readers three times (about 500 requests): on a loaded 2-core
# machine more than the suite's 300 seconds. What a miss after the write stores is what the reader
# was served, checked here against the fresh answer; fetching it back is test_response_cache.py's.
@pytest.mark.timeout(900)
@pytest.mark.parametrize(
    "write",
    [
        register_by_api,
        reply,
        adopt,
        accept_in_the_county,
        attend,
        attend_in_the_county,
        merge,
        invite_in_bulk,
        import_reports,
        insert_select,
        update_without_signals,
        delete_a_reply,
        delete_an_adoption,
    ],
)
def test_no_reader_is_served_a_response_older_than_a_write(api, world, province, write):
    urls = urls_of(world)
    read_everything(api, world, urls)
    write(api, world)
    assert_fresh(api, world, urls)


def test_a_county_write_keeps_the_other_city_entries_and_reaches_the_city_and_the_province(
    api, world, province
):
    urls = ["/api/opinions/", "/api/activities/", "/api/proposals/"]
    read_everything(api, world, urls)
    accept_in_the_county(api, world)
    attend_in_the_county(api, world)
    status = assert_fresh(api, world, urls)
    for url in urls:
        assert status["other_city_clerk", url] == "hit"
    for reader in ("county_clerk", "city_clerk", "leader", "province_clerk"):
        assert status[reader, "/api/opinions/"] == "miss"
        assert status[reader, "/api/activities/"] == "miss"
    # Neither write touched a proposal: every proposal list is still served from the cache.
    assert {status[name, "/api/proposals/"] for name in readers(world)} == {"hit"}


def test_an_adoption_keeps_the_cached_proposal_lists(api, world, province):
    read_everything(api, world, ["/api/proposals/"])
    adopt(api, world)
    status = assert_fresh(api, world, ["/api/proposals/", "/api/opinions/"])
    assert {status[name, "/api/proposals/"] for name in readers(world)} == {"hit"}
    assert status["city_clerk", "/api/opinions/"] == "miss"


def test_a_write_keeps_the_details_of_the_records_it_does_not_name(api, world, province):
    """A registration drops the proposal lists and the registered proposal's details; every
    reader keeps the other proposals' details."""
    others = [f"/api/proposals/{world.replied.pk}/", f"/api/proposals/{world.proposal.pk}/"]
    own = f"/api/proposals/{world.submitted.pk}/"
    read_everything(api, world, ["/api/proposals/", own, *others])
    register_by_api(api, world)
    status = assert_fresh(api, world, ["/api/proposals/", own, *others])
    for reader in ("member", "cosigner", "city_clerk", "leader", "province_clerk"):
        assert status[reader, "/api/proposals/"] == "miss"
        assert status[reader, own] == "miss"
        assert {status[reader, url] for url in others} == {"hit"}


def test_a_merge_reaches_the_detail_of_its_target(api, world, province):
    target = f"/api/proposals/{world.registered.pk}/"
    read_everything(api, world, [target])
    merge(api, world)
    status = assert_fresh(api, world, [target])
    assert status["city_clerk", target] == "miss"
    proposers = api.as_user(world.users["city_clerk"]).get(target).json()["proposers"]
    assert world.submitted.proposer_id in proposers


def test_an_unnamed_bulk_write_drops_the_details_of_its_committee(api, world, province):
    """``writing_in()`` without a record: every detail of the table's committee is dropped."""
    detail = f"/api/proposals/{world.proposal.pk}/"
    read_everything(api, world, [detail])
    with response_cache.writing_in(world.city.pk, Cosignature):
        Cosignature.objects.filter(proposal=world.proposal).update(status=Cosignature.Status.DECLINED)
    status = assert_fresh(api, world, [detail])
    assert status["city_clerk", detail] == "miss" and status["province_clerk", detail] == "miss"


def test_a_save_names_its_committee_for_its_own_statement_only(world):
    """A save that fails after naming its committee leaves nothing for a later statement (an
    ``update()`` of other committees' rows) to be credited to; a save names its record, and a
    moved one the committees and records before and after."""
    lists, rows, record, table = (
        response_cache.LISTS,
        response_cache.ROWS,
        response_cache.RECORD,
        response_cache.TABLE,
    )
    update = 'UPDATE "proposals_proposal" SET "title" = %s WHERE "proposals_proposal"."id" = %s'
    proposal = Proposal.objects.get(pk=world.proposal.pk)
    pre_save.send(sender=Proposal, instance=proposal)
    assert response_cache._touched(update) == {
        (lists, "proposals_proposal", world.city.pk),
        (record, "proposals_proposal", world.proposal.pk),
        (record, "proposals_category", proposal.category_id),
    }
    assert response_cache._touched(update) == {(table, "proposals_proposal", None)}
    moved = Proposal.objects.get(pk=world.submitted.pk)
    moved.committee = world.county
    moved.merged_into = world.registered
    pre_save.send(sender=Proposal, instance=moved)
    assert response_cache._touched(update) == {
        (lists, "proposals_proposal", world.city.pk),
        (lists, "proposals_proposal", world.county.pk),
        (record, "proposals_proposal", world.submitted.pk),
        (record, "proposals_proposal", world.registered.pk),
        (record, "proposals_category", moved.category_id),
    }
    insert = 'INSERT INTO "proposals_cosignature" ("proposal_id") VALUES (%s)'
    with response_cache.writing_in(world.county.pk, Cosignature):
        assert response_cache._touched(insert) == response_cache._touched(insert)
        assert response_cache._touched(insert) == {
            (lists, "proposals_cosignature", world.county.pk),
            (rows, "proposals_cosignature", world.county.pk),
        }
    with response_cache.writing_in(world.city.pk, Cosignature, record=world.invitation):
        assert response_cache._touched(insert) == {
            (lists, "proposals_cosignature", world.city.pk),
            (record, "proposals_proposal", world.invitation.pk),
        }
    assert response_cache._touched(insert) == {(table, "proposals_cosignature", None)}
