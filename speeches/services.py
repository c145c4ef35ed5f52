"""Every write of speeches: writing and editing a draft, its attachments, and the lifecycle steps
(submit, return, select, reject, order). The API, the admin, the portal and the demo call these."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from cppcc.org.models import Member, Party, Sector, SpecialCommittee, User
from cppcc.org.roles import access_for
from platforms.models import Activity

from .models import MODE_STATE, Mode, Speech, SpeechAttachment
from .workflow import workflow

EDITABLE_FIELDS = ("title", "content")


@transaction.atomic
def speech_create(
    *,
    activity: Activity,
    title: str,
    content: str,
    actor: User,
    author: Member | None = None,
    author_sector: Sector | None = None,
    author_party: Party | None = None,
    author_special_committee: SpecialCommittee | None = None,
) -> Speech:
    """A new draft for a meeting. A member writes for themself; the secretariat for a member of its
    committee or for a sector, party or special committee."""
    collective = {
        "author_sector": author_sector,
        "author_party": author_party,
        "author_special_committee": author_special_committee,
    }
    access = access_for(actor)
    if author is None and not any(collective.values()) and access.member_id is not None:
        author = Member.objects.get(pk=access.member_id)
    speech = Speech(
        committee_id=activity.committee_id,
        activity=activity,
        title=title,
        content=content,
        author=author,
        **collective,
    )
    if not workflow["create"].may(access, speech):
        raise PermissionDenied(_("You may not write speeches for this speaker."))
    speech.full_clean()
    return workflow.apply("create", obj=speech, actor=actor)


@transaction.atomic
def speech_update(*, speech: Speech, actor: User, **changes) -> Speech:
    """Edit a draft's title or text."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
    workflow.begin("edit", obj=speech, actor=actor)
    return workflow.apply("edit", obj=speech, actor=actor, changes=changes, clean=True)


@transaction.atomic
def speech_attach(*, speech: Speech, file, actor: User) -> SpeechAttachment:
    """A file added to a draft by whoever may edit it."""
    speech = workflow.begin("edit", obj=speech, actor=actor)
    attachment = SpeechAttachment(speech=speech, file=file, original_name=file.name[:200], uploaded_by=actor)
    attachment.full_clean()
    attachment.save()
    return attachment


@transaction.atomic
def speech_submit(*, speech: Speech, actor: User) -> Speech:
    return workflow.apply("submit", obj=speech, actor=actor, changes={"note": ""})


def _note_required(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say why.")})
    return note


@transaction.atomic
def speech_return(*, speech: Speech, actor: User, note: str) -> Speech:
    """Back to the speaker for editing, saying why."""
    speech = workflow.begin("return", obj=speech, actor=actor)
    note = _note_required(note)
    return workflow.apply("return", obj=speech, actor=actor, note=note, changes={"note": note})


@transaction.atomic
def speech_reject(*, speech: Speech, actor: User, note: str) -> Speech:
    """Not selected, saying why."""
    speech = workflow.begin("reject", obj=speech, actor=actor)
    note = _note_required(note)
    return workflow.apply("reject", obj=speech, actor=actor, note=note, changes={"note": note})


def _last_order(activity_id: int, mode: str) -> int:
    found = Speech.objects.filter(activity_id=activity_id, mode=mode).aggregate(last=Max("order"))
    return found["last"] or 0


@transaction.atomic
def speech_select(*, speech: Speech, mode: str, actor: User) -> Speech:
    """Selected for oral delivery or as a written speech, placed last among the meeting's speeches
    of that mode (a speech moved from the other mode too)."""
    if mode not in Mode.values:
        raise ValidationError({"mode": _("Choose oral or written.")})
    name = f"select_{mode}"
    speech = workflow.begin(name, obj=speech, actor=actor)
    Activity.objects.select_for_update().filter(pk=speech.activity_id).first()
    changes = {"mode": mode, "order": _last_order(speech.activity_id, mode) + 1, "note": ""}
    return workflow.apply(name, obj=speech, actor=actor, note=str(Mode(mode).label), changes=changes)


@transaction.atomic
def speech_order(*, speech: Speech, order: int, actor: User) -> Speech:
    """Move a selected speech to place ``order`` (from 1) among its meeting's speeches of its mode;
    the others keep their sequence around it."""
    speech = workflow.begin("order", obj=speech, actor=actor)
    Activity.objects.select_for_update().filter(pk=speech.activity_id).first()
    peers = list(
        Speech.objects.filter(activity_id=speech.activity_id, state=MODE_STATE[Mode(speech.mode)])
        .exclude(pk=speech.pk)
        .order_by("order", "submitted_at", "id")
    )
    if not 1 <= order <= len(peers) + 1:
        raise ValidationError({"order": _("Give a place from 1 to %(last)s.") % {"last": len(peers) + 1}})
    peers.insert(order - 1, speech)
    for place, peer in enumerate(peers, start=1):
        if peer.pk != speech.pk and peer.order != place:
            Speech.objects.filter(pk=peer.pk).update(order=place)
    return workflow.apply("order", obj=speech, actor=actor, note=str(order), changes={"order": order})
