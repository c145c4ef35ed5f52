"""``in_committees``: the records of a set of committees, the ids as one array on PostgreSQL and as an
``IN`` list elsewhere."""

import pytest
from django.db import connection

from cppcc.org.models import Committee, Member
from cppcc.org.roles import in_committees
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_keeps_the_records_of_the_given_committees(city, county, other_city):
    for committee in (city, county, other_city):
        MemberFactory(committee=committee)
    members = Member.objects.filter(in_committees({county.pk, city.pk}))
    assert {member.committee_id for member in members} == {city.pk, county.pk}


def test_no_committees_no_records(city):
    MemberFactory(committee=city)
    assert not Member.objects.filter(in_committees([])).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's form")
def test_postgresql_gets_the_ids_as_one_array(city, county):
    sql, params = Member.objects.filter(in_committees([county.pk, city.pk])).query.sql_with_params()
    assert '"org_member"."committee_id" = ANY(%s::bigint[])' in sql
    assert params == (f"{{{min(city.pk, county.pk)},{max(city.pk, county.pk)}}}",)


def test_other_databases_get_an_in_list(city, county):
    query = Member.objects.all().query
    expression = in_committees([county.pk, city.pk]).resolve_expression(query)
    sql, params = expression.as_sql(query.get_compiler(connection=connection), connection)
    assert sql == '"org_member"."committee_id" IN (%s, %s)'
    assert params == sorted([city.pk, county.pk])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's form")
def test_the_committees_a_user_oversees_are_one_array_too(city, county, city_clerk):
    sql, params = Committee.objects.restrict(city_clerk, "oversee").query.sql_with_params()
    assert '"org_committee"."id" = ANY(%s::bigint[])' in sql
    assert params == (f"{{{min(city.pk, county.pk)},{max(city.pk, county.pk)}}}",)
