"""The SQL floor of the report card: the figures of ``/api/dashboard/report-card/`` computed by one
hand-written statement over the same committee subtree (read first, as the endpoint reads it) and
year, so the benchmark can say how far the endpoint (ORM, 15 queries with sign-in and access, DRF,
JSON) is from what the database alone needs."""

import datetime

from django.db import connection
from django.utils import timezone

from opinions.models import Adoption, Body
from platforms.models import Activity, Publication, Visit

KIND = Activity.Kind

# The committee and every committee below it, read first as the endpoint reads it: as a CTE joined
# into every count, the planner could not tell how many committees it holds and scanned whole
# tables (reports and publications: seconds at the province decade, slower than the endpoint).
TREE_SQL = """
WITH RECURSIVE tree(id) AS (
    SELECT id FROM org_committee WHERE id = %(committee)s
    UNION ALL
    SELECT c.id FROM org_committee c JOIN tree t ON c.parent_id = t.id
)
SELECT array_agg(id) FROM tree
"""

REPORT_CARD_SQL = """
WITH publicity AS (
    SELECT
        count(*) FILTER (WHERE level IN (%(province)s, %(national)s) AND channel <> %(wechat)s)
            AS provincial_media,
        count(*) FILTER (WHERE channel = %(wechat)s) AS wechat_posts
    FROM platforms_publication
    WHERE committee_id = ANY(%(committees)s) AND published_on BETWEEN %(first_day)s AND %(last_day)s
),
activity AS (
    SELECT
        count(*) FILTER (WHERE plan_task AND completed) AS consultation_tasks_completed,
        count(*) FILTER (WHERE kind = ANY(%(duty_kinds)s)) AS duty_activities,
        count(*) FILTER (WHERE kind = %(party_learning)s) AS party_learning_sessions,
        count(*) FILTER (WHERE kind = %(room)s) AS room_activities,
        coalesce(sum(problems_solved) FILTER (WHERE kind = %(room)s), 0) AS problems_solved,
        count(*) FILTER (WHERE kind = %(gathering)s) AS gatherings,
        coalesce(sum(people_reached) FILTER (WHERE kind = %(gathering)s), 0) AS people_reached,
        count(*) FILTER (WHERE kind = %(learning)s) AS learning_activities,
        count(*) FILTER (WHERE kind = %(reading)s) AS reading_activities,
        count(*) FILTER (WHERE kind = %(lecture)s) AS lectures
    FROM platforms_activity
    WHERE committee_id = ANY(%(committees)s) AND date BETWEEN %(first_day)s AND %(last_day)s
),
report AS (
    SELECT r.id,
        EXISTS (SELECT 1 FROM opinions_adoption a WHERE a.report_id = r.id
                AND a.body = %(province_cppcc)s AND a.action = %(adopted)s) AS province,
        EXISTS (SELECT 1 FROM opinions_adoption a WHERE a.report_id = r.id
                AND a.body = %(national_cppcc)s AND a.action = %(forwarded)s) AS national,
        EXISTS (SELECT 1 FROM opinions_adoption a WHERE a.report_id = r.id
                AND a.body = %(province_party_office)s AND a.action = %(forwarded)s) AS party_office,
        EXISTS (SELECT 1 FROM opinions_adoption a WHERE a.report_id = r.id
                AND a.body = %(city_party_committee)s AND a.action = %(adopted)s) AS city_party
    FROM opinions_opinionreport r
    WHERE r.committee_id = ANY(%(committees)s) AND r.state <> 'draft'
      AND r.submitted_at >= %(year_start)s AND r.submitted_at < %(year_end)s
),
groups AS (
    SELECT id, founded_on FROM platforms_sectorgroup
    WHERE committee_id = ANY(%(committees)s) AND is_active
      AND (founded_on IS NULL OR founded_on <= %(last_day)s)
)
SELECT
    (SELECT consultation_tasks_completed FROM activity),
    (SELECT count(*) FROM proposals_proposal WHERE committee_id = ANY(%(committees)s)
        AND registered_at >= %(year_start)s AND registered_at < %(year_end)s),
    (SELECT count(*) FROM report),
    (SELECT duty_activities FROM activity),
    (SELECT party_learning_sessions FROM activity),
    (SELECT count(*) FILTER (WHERE province) FROM report),
    (SELECT count(*) FILTER (WHERE province AND national) FROM report),
    (SELECT count(*) FILTER (WHERE province AND party_office) FROM report),
    (SELECT count(*) FILTER (WHERE city_party) FROM report),
    (SELECT count(DISTINCT organisation) FILTER (WHERE kind = %(chamber)s) FROM platforms_visit
        WHERE committee_id = ANY(%(committees)s) AND date BETWEEN %(first_day)s AND %(last_day)s),
    (SELECT count(DISTINCT organisation) FILTER (WHERE kind = %(enterprise)s) FROM platforms_visit
        WHERE committee_id = ANY(%(committees)s) AND date BETWEEN %(first_day)s AND %(last_day)s),
    (SELECT count(*) FROM platforms_deliberationroom WHERE committee_id = ANY(%(committees)s)
        AND is_active AND (founded_on IS NULL OR founded_on <= %(last_day)s)),
    (SELECT room_activities FROM activity),
    (SELECT problems_solved FROM activity),
    (SELECT count(*) FROM groups),
    (SELECT count(*) FROM groups WHERE founded_on BETWEEN %(first_day)s AND %(last_day)s),
    (SELECT count(DISTINCT s.name) FROM org_sector s JOIN platforms_sectorgroup_sectors gs
        ON gs.sector_id = s.id WHERE gs.sectorgroup_id IN (SELECT id FROM groups)),
    (SELECT count(DISTINCT member_id) FROM platforms_sectorgroup_lead_members
        WHERE sectorgroup_id IN (SELECT id FROM groups)),
    (SELECT count(*) FROM platforms_teammember WHERE group_id IN (SELECT id FROM groups)),
    (SELECT gatherings FROM activity),
    (SELECT people_reached FROM activity),
    (SELECT learning_activities FROM activity),
    (SELECT count(*) FROM platforms_studyroom WHERE committee_id = ANY(%(committees)s)
        AND is_active AND (founded_on IS NULL OR founded_on <= %(last_day)s)),
    (SELECT reading_activities FROM activity),
    (SELECT lectures FROM activity),
    (SELECT provincial_media FROM publicity),
    (SELECT wechat_posts FROM publicity)
"""


def parameters(committee_id: int, year: int) -> dict:
    zone = timezone.get_default_timezone()
    return {
        "committee": committee_id,
        "first_day": datetime.date(year, 1, 1),
        "last_day": datetime.date(year, 12, 31),
        "year_start": datetime.datetime(year, 1, 1, tzinfo=zone),
        "year_end": datetime.datetime(year + 1, 1, 1, tzinfo=zone),
        "duty_kinds": [str(kind) for kind in Activity.DUTY_KINDS],
        "party_learning": KIND.PARTY_LEARNING,
        "room": KIND.ROOM_DELIBERATION,
        "gathering": KIND.SECTOR_GATHERING,
        "learning": KIND.LEARNING,
        "reading": KIND.READING,
        "lecture": KIND.LECTURE,
        "province_cppcc": Body.PROVINCE_CPPCC,
        "national_cppcc": Body.NATIONAL_CPPCC,
        "province_party_office": Body.PROVINCE_PARTY_OFFICE,
        "city_party_committee": Body.CITY_PARTY_COMMITTEE,
        "adopted": Adoption.Action.ADOPTED,
        "forwarded": Adoption.Action.FORWARDED,
        "chamber": Visit.Kind.CHAMBER_OF_COMMERCE,
        "enterprise": Visit.Kind.MEMBER_ENTERPRISE,
        "province": Publication.Level.PROVINCE,
        "national": Publication.Level.NATIONAL,
        "wechat": Publication.Channel.WECHAT,
    }


def report_card_sql(committee_id: int, year: int) -> dict:
    """The report card of API.md from one raw statement (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(TREE_SQL, {"committee": committee_id})
        committees = cursor.fetchone()[0]
        cursor.execute(REPORT_CARD_SQL, parameters(committee_id, year) | {"committees": committees})
        row = [int(value) for value in cursor.fetchone()]
    (
        consultation,
        registered,
        submitted,
        duty,
        party,
        province,
        national,
        party_office,
        city_party,
        chambers,
        enterprises,
        rooms,
        room_activities,
        problems_solved,
        groups,
        new_groups,
        sectors,
        lead_members,
        team_members,
        gatherings,
        people_reached,
        learning,
        study_rooms,
        reading,
        lectures,
        provincial_media,
        wechat,
    ) = row
    return {
        "year": year,
        "committee": committee_id,
        "consultation_tasks_completed": consultation,
        "proposals_registered": registered,
        "opinions_submitted": submitted,
        "duty_activities": duty,
        "party_learning_sessions": party,
        "opinions_adopted": {
            "province_cppcc": province,
            "forwarded_national_cppcc": national,
            "forwarded_province_party_office": party_office,
            "city_party_committee": city_party,
        },
        "visits": {"chambers_of_commerce": chambers, "member_enterprises": enterprises},
        "deliberation": {
            "rooms": rooms,
            "activities": room_activities,
            "problems_solved": problems_solved,
        },
        "sector_groups": {
            "total": groups,
            "new": new_groups,
            "sectors": sectors,
            "lead_members": lead_members,
            "team_members": team_members,
            "activities": gatherings,
            "people_reached": people_reached,
        },
        "study": {
            "learning_activities": learning,
            "study_rooms": study_rooms,
            "reading_activities": reading,
            "lectures": lectures,
        },
        "publicity": {"provincial_media_articles": provincial_media, "wechat_posts": wechat},
    }
