"""The lifecycle of a speech (大会发言), who may take each step, and what it tells the speaker:

draft ──submit──▶ submitted ──select (oral)──▶ selected_oral ◀──select──▶ selected_written
  ▲                  │  └──select (written)──────────────────────────────▶ selected_written
  └──return (staff)──┘  └──reject──▶ not_selected

The speaker (a member) writes, edits and submits their own speech; for a sector, a party or a
special committee the committee's secretariat files it. The secretariat returns a submitted speech
for editing, selects it for oral delivery (口头发言) or as a written speech (书面发言), or does not
select it; a selected speech may move between the two modes, and is ordered in the compilation
(发言汇编). Editing a draft and ordering leave the state as it is.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from cppcc.core.workflow import NEW, STAYS, Notice, Transition, Workflow
from cppcc.org.roles import Access, access_for
from cppcc.org.services import notify

from .models import SELECTED_STATES, Speech, SpeechTimelineEntry, State


def is_staff(access: Access, speech: Speech) -> bool:
    """A secretariat clerk of the speech's committee."""
    return access.manages_committee(speech.committee_id)


def is_speaker(access: Access, speech: Speech) -> bool:
    return access.member_id is not None and speech.author_id == access.member_id


def writes(access: Access, speech: Speech) -> bool:
    """The member who speaks; for a collective (or on a member's behalf) the secretariat."""
    return is_staff(access, speech) or is_speaker(access, speech)


def speaker_users(speech: Speech) -> list:
    """Whom a decision is told: the speaking member's account (a collective has none)."""
    return [speech.author.user] if speech.author_id is not None and speech.author.user_id else []


def _to_speaker(message):
    return Notice(to=speaker_users, message=message)


RETURNED = _to_speaker(
    lambda s, note: (
        _("Your speech “%(title)s” was returned for editing: %(note)s") % {"title": s.title, "note": note}
    )
)
SELECTED = _to_speaker(
    lambda s, note: (
        _("Your speech “%(title)s” for %(meeting)s was selected: %(mode)s.")
        % {"title": s.title, "meeting": s.activity.title, "mode": s.get_mode_display()}
    )
)
NOT_SELECTED = _to_speaker(
    lambda s, note: _("Your speech “%(title)s” was not selected: %(note)s") % {"title": s.title, "note": note}
)


def _select(name: str, target: str) -> Transition:
    """Selection for one mode: from submitted, or from the other mode."""
    return Transition(
        name,
        {State.SUBMITTED, *(set(SELECTED_STATES) - {target})},
        target,
        is_staff,
        gettext_lazy("select"),
        action="select",
        stamps=("decided_at",),
        notice=SELECTED,
    )


workflow = Workflow(
    model=Speech,
    timeline=SpeechTimelineEntry,
    access=access_for,
    notify=notify,
    transitions=[
        Transition("create", {NEW}, State.DRAFT, writes, gettext_lazy("created")),
        Transition("edit", {State.DRAFT}, STAYS, writes, gettext_lazy("edit"), recorded=False),
        Transition(
            "submit",
            {State.DRAFT},
            State.SUBMITTED,
            writes,
            pgettext_lazy("speech", "submit"),
            stamps=("submitted_at",),
        ),
        Transition(
            "return", {State.SUBMITTED}, State.DRAFT, is_staff, gettext_lazy("return"), notice=RETURNED
        ),
        _select("select_oral", State.SELECTED_ORAL),
        _select("select_written", State.SELECTED_WRITTEN),
        Transition(
            "reject",
            {State.SUBMITTED},
            State.NOT_SELECTED,
            is_staff,
            pgettext_lazy("speech", "not select"),
            stamps=("decided_at",),
            notice=NOT_SELECTED,
        ),
        Transition("order", set(SELECTED_STATES), STAYS, is_staff, gettext_lazy("order")),
    ],
)
