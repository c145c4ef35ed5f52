"""Publication (提案公开): the secretariat of the proposal's committee publishes a proposal whose
proposers consented once its reply is released, and may withdraw it; both go on the timeline, and
the flag the secretariat's PATCH and the admin set goes through the same rule."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cppcc.core.workflow import InvalidTransition
from proposals import services
from proposals.models import HandlingRules, Proposal, ProposalTimelineEntry, ReplyReview

pytestmark = pytest.mark.django_db


def refusal(call) -> str:
    with pytest.raises(InvalidTransition) as caught:
        call()
    return caught.value.code


def test_the_secretariat_publishes_a_replied_proposal_with_consent(replied, city_clerk):
    published = services.proposal_publish(proposal=replied, actor=city_clerk)
    assert published.is_published
    assert Proposal.objects.published().filter(pk=replied.pk).exists()
    entry = ProposalTimelineEntry.objects.filter(proposal=replied).latest("at", "id")
    assert (entry.action, entry.from_state, entry.to_state, entry.actor) == (
        "publish",
        "replied",
        "replied",
        city_clerk,
    )


def test_a_closed_proposal_is_published_too(replied, member_login, city_clerk):
    services.proposal_feedback(proposal=replied, actor=member_login, satisfaction="satisfied")
    assert services.proposal_publish(proposal=replied, actor=city_clerk).is_published


def test_no_consent_no_publication(replied, city_clerk):
    Proposal.objects.filter(pk=replied.pk).update(publish_consent=False)
    assert refusal(lambda: services.proposal_publish(proposal=replied, actor=city_clerk)) == "no_consent"
    assert not Proposal.objects.published().exists()


@pytest.mark.parametrize("state", ["draft", "submitted", "registered", "assigned"])
def test_nothing_is_published_before_its_reply(request, state, city_clerk):
    proposal = request.getfixturevalue(state)
    assert refusal(lambda: services.proposal_publish(proposal=proposal, actor=city_clerk)) == (
        "invalid_transition"
    )


def test_a_reply_waiting_for_review_is_no_reply_to_publish(assigned, unit_contact, city_clerk):
    HandlingRules.objects.create(committee=assigned.committee, reply_review=ReplyReview.ALL)
    services.proposal_reply(proposal=assigned, actor=unit_contact, category="A", content="已采纳。")
    assert refusal(lambda: services.proposal_publish(proposal=assigned, actor=city_clerk)) == (
        "invalid_transition"
    )


@pytest.mark.parametrize("persona", ["member_login", "leader", "unit_contact", "county_clerk"])
def test_only_the_committees_secretariat_publishes(request, replied, persona):
    with pytest.raises(PermissionDenied):
        services.proposal_publish(proposal=replied, actor=request.getfixturevalue(persona))
    assert not Proposal.objects.published().exists()


def test_publishing_twice_and_unpublishing_what_is_not_published_are_refused(replied, city_clerk):
    assert refusal(lambda: services.proposal_unpublish(proposal=replied, actor=city_clerk)) == "not_published"
    services.proposal_publish(proposal=replied, actor=city_clerk)
    assert refusal(lambda: services.proposal_publish(proposal=replied, actor=city_clerk)) == (
        "already_published"
    )


def test_unpublishing_withdraws_it_and_says_why(replied, city_clerk, leader):
    services.proposal_publish(proposal=replied, actor=city_clerk)
    with pytest.raises(PermissionDenied):
        services.proposal_unpublish(proposal=replied, actor=leader)
    services.proposal_unpublish(proposal=replied, actor=city_clerk, note="提案人要求撤回公开。")
    assert not Proposal.objects.published().exists()
    entry = ProposalTimelineEntry.objects.filter(proposal=replied).latest("at", "id")
    assert (entry.action, entry.note) == ("unpublish", "提案人要求撤回公开。")


def test_the_flag_is_refused_before_the_reply(registered, city_clerk):
    with pytest.raises(ValidationError) as caught:
        services.proposal_set_flags(proposal=registered, actor=city_clerk, is_published=True)
    assert "is_published" in caught.value.message_dict


def test_the_flag_goes_through_the_same_rule(replied, city_clerk):
    services.proposal_set_flags(proposal=replied, actor=city_clerk, is_published=True, is_excellent=True)
    replied.refresh_from_db()
    assert replied.is_published and replied.is_excellent
    services.proposal_set_flags(proposal=replied, actor=city_clerk, is_published=False)
    replied.refresh_from_db()
    assert not replied.is_published
    actions = list(ProposalTimelineEntry.objects.filter(proposal=replied).values_list("action", flat=True))
    assert actions[-2:] == ["publish", "unpublish"]


def test_the_api_actions(api, replied, city_clerk, member_login):
    url = f"/api/proposals/{replied.pk}/"
    response = api.as_user(member_login).post(f"{url}publish/")
    assert response.status_code == 403
    response = api.as_user(city_clerk).post(f"{url}publish/")
    assert response.status_code == 200 and response.json()["is_published"] is True
    again = api.post(f"{url}publish/")
    assert again.status_code == 409 and again.json()["code"] == "already_published"
    response = api.post(f"{url}unpublish/", {"note": "撤回。"}, format="json")
    assert response.status_code == 200 and response.json()["is_published"] is False


def test_the_patch_refuses_without_consent(api, replied, city_clerk):
    Proposal.objects.filter(pk=replied.pk).update(publish_consent=False)
    response = api.as_user(city_clerk).patch(
        f"/api/proposals/{replied.pk}/", {"is_published": True}, format="json"
    )
    assert response.status_code == 400 and "is_published" in response.json()
