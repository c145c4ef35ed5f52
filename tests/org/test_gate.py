"""The visibility gate's own behaviour (``restrict(user, action)``): its actions, the third one for
form choices ("pick"), the model permissions the admin asks it, and the history of a record."""

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser

from cppcc.core.querysets import RestrictedQuerySet
from cppcc.org.models import Committee, Member, Party
from cppcc.scoring.models import Dimension, Item, ScoreRule
from proposals.models import Proposal

from ..factories import (
    HandlingUnitFactory,
    MemberFactory,
    PartyFactory,
    SectorFactory,
    UserFactory,
    session_of,
)
from ..proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def ids(rows) -> set[int]:
    return set(rows.values_list("pk", flat=True))


def test_every_model_of_the_project_has_a_rule():
    """A model added without a rule would reach users unrestricted: every model of the project's own
    apps reads through the gate. Change histories (simple-history's models, which name their
    ``instance_type``) are read only on their record's history page, which asks the record's rule."""
    project = {"org", "accounts", "proposals", "opinions", "platforms", "scoring"}
    ungated = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in project
        and not hasattr(model, "instance_type")
        and not isinstance(model._default_manager.all(), RestrictedQuerySet)
    ]
    assert ungated == []


def test_an_unknown_action_is_an_error(city_clerk):
    with pytest.raises(ValueError, match="no action 'oversee'"):
        Proposal.objects.restrict(city_clerk, "oversee")
    assert Committee.objects.restrict(city_clerk, "oversee").exists()


def test_anonymous_users_reach_nothing_and_administrators_everything(city, county):
    root = UserFactory(username="root", is_superuser=True)
    for action in ("view", "change", "pick", "oversee"):
        assert not Committee.objects.restrict(AnonymousUser(), action).exists()
        assert ids(Committee.objects.restrict(root, action)) == {city.pk, county.pk}


def test_a_clerk_picks_their_committee_and_nationwide_parties_but_changes_neither(city, county, county_clerk):
    nationwide, of_county = PartyFactory(), PartyFactory(committee=county)
    PartyFactory(committee=city)
    assert ids(Committee.objects.restrict(county_clerk, "pick")) == {county.pk}
    assert not Committee.objects.restrict(county_clerk, "change").exists()
    assert ids(Party.objects.restrict(county_clerk, "pick")) == {nationwide.pk, of_county.pk}
    assert ids(Party.objects.restrict(county_clerk, "change")) == {of_county.pk}


def test_the_admins_forms_offer_what_the_clerk_may_pick(client, city, county, county_clerk):
    nationwide, of_county, of_city = (
        PartyFactory(),
        PartyFactory(committee=county),
        PartyFactory(committee=city),
    )
    county_sector, city_sector = SectorFactory(committee=county), SectorFactory(committee=city)
    client.force_login(county_clerk)
    form = client.get("/admin/org/member/add/").context["adminform"].form
    assert ids(form.fields["committee"].queryset) == {county.pk}
    assert ids(form.fields["party"].queryset) == {nationwide.pk, of_county.pk}
    assert ids(form.fields["sector"].queryset) == {county_sector.pk}
    assert of_city.pk not in ids(form.fields["party"].queryset) and city_sector.pk not in ids(
        form.fields["sector"].queryset
    )


def test_a_role_that_opens_nothing_is_known_without_a_query(leader, django_assert_num_queries):
    Proposal.objects.restrict(leader, "view")  # the leader's access, read once per request
    with django_assert_num_queries(0):
        assert not Proposal.objects.allows(leader, "change")
        assert Proposal.objects.allows(leader, "view")


def test_the_admin_is_the_secretariats_and_asks_the_gate(city, county, city_clerk, county_clerk, leader):
    county_member, city_member = MemberFactory(committee=county), MemberFactory(committee=city)
    assert not leader.has_module_perms("org") and not leader.has_perm("org.view_member")
    assert city_clerk.has_module_perms("org") and city_clerk.has_perm("org.add_member")
    assert not city_clerk.has_perm("org.add_committee")  # committees are the administrators'
    assert county_clerk.has_perm("org.change_member", county_member)
    assert not county_clerk.has_perm("org.view_member", city_member)
    assert city_clerk.has_perm("org.view_member", county_member)
    assert not city_clerk.has_perm("org.change_member", county_member)
    assert not city_clerk.has_perm("auth.view_group")  # outside the gate: administrators only


def test_the_history_of_a_record_follows_the_record(client, city, county, county_clerk):
    city_member, county_member = MemberFactory(committee=city), MemberFactory(committee=county)
    client.force_login(county_clerk)
    assert client.get(f"/admin/org/member/{county_member.pk}/history/").status_code == 200
    assert client.get(f"/admin/org/member/{city_member.pk}/history/").status_code == 403
    assert Member.history.filter(id=city_member.pk).exists()


def test_the_unit_picker_and_autocomplete_offer_what_the_clerk_may_pick(client, city, county, city_clerk):
    """The city clerk reads the county's units and parties but files records in the city only."""
    city_unit, _county_unit = HandlingUnitFactory(committee=city), HandlingUnitFactory(committee=county)
    nationwide, of_city = PartyFactory(), PartyFactory(committee=city)
    PartyFactory(committee=county)
    proposal = ProposalFactory(
        session=session_of(city), proposer=MemberFactory(committee=city), state="registered"
    )
    client.force_login(city_clerk)
    units = client.get(f"/admin/proposals/proposal/{proposal.pk}/pick/units/").json()["results"]
    assert {int(row["id"]) for row in units} == {city_unit.pk}
    found = client.get(
        "/admin/autocomplete/",
        {"app_label": "org", "model_name": "member", "field_name": "party", "term": ""},
    ).json()["results"]
    assert {int(row["id"]) for row in found} == {nationwide.pk, of_city.pk}


def test_a_changelists_editable_columns_change_only_what_the_clerk_may(client, city, county, city_clerk):
    def rule(committee):
        return ScoreRule.objects.create(
            committee=committee, year=2024, item=Item.SPEECH, dimension=Dimension.DUTY, points=2
        )

    own, below = rule(city), rule(county)
    client.force_login(city_clerk)

    def edit(target):
        return client.post(
            "/admin/scoring/scorerule/",
            {
                "form-TOTAL_FORMS": "1",
                "form-INITIAL_FORMS": "1",
                "form-0-id": target.pk,
                "form-0-points": "9",
                "form-0-cap": "",
                "_save": "保存",
            },
        )

    assert edit(below).status_code == 403
    below.refresh_from_db()
    assert below.points == 2
    assert edit(own).status_code == 302
    own.refresh_from_db()
    assert own.points == 9


def test_a_model_permission_asks_the_gate_once_per_action(city_clerk, monkeypatch):
    asked = []
    allows = RestrictedQuerySet.allows

    def counted(rows, user, action):
        asked.append((rows.model, action))
        return allows(rows, user, action)

    monkeypatch.setattr(RestrictedQuerySet, "allows", counted)
    for permission in ("add", "change", "delete", "view", "change"):
        assert city_clerk.has_perm(f"org.{permission}_member")
    assert asked == [(Member, "change"), (Member, "view")]
