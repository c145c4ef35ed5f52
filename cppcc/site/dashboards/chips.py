"""The filters a dashboard list was opened with, as chips people can read and remove one by one:
"委员会：聊城市政协 ×". A filter naming a record by its id shows the record's name if the user may
read it (through the gate), its id otherwise."""

import datetime
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext as _

from cppcc.core.querysets import VIEW
from cppcc.org.models import Committee, HandlingUnit, Member, Session
from platforms.models import DeliberationRoom, SectorGroup, StudyRoom
from proposals.models import Category

# Filters whose value is the id of a record: the model that record is of.
NAMED = {
    "within": Committee,
    "committee": Committee,
    "session": Session,
    "category": Category,
    "unit": HandlingUnit,
    "proposer": Member,
    "author": Member,
    "member": Member,
    "room": DeliberationRoom,
    "sector_group": SectorGroup,
    "study_room": StudyRoom,
}


@dataclass(frozen=True)
class Chip:
    name: str
    label: str
    value: str
    remove: str  # the list's query string without this filter


def chips(filterset, query: QueryDict, user) -> list[Chip]:
    """The chips of a valid filterset's values, in the order of its filters. One query per filter
    that names a record."""
    values = filterset.form.cleaned_data
    found = []
    for name, list_filter in filterset.filters.items():
        value = values.get(name)
        if value is None or value == "":
            continue
        rest = query.copy()
        rest.pop(name, None)
        rest.pop("page", None)
        value_shown = shown(name, list_filter, value, user)
        found.append(Chip(name, str(list_filter.label), value_shown, rest.urlencode()))
    return found


def shown(name: str, list_filter, value, user) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.date):
        return value.isoformat()
    choices = dict(list_filter.extra.get("choices") or ())
    if value in choices:
        return str(choices[value])
    model = NAMED.get(name)
    if model is not None:
        record = model.objects.restrict(user, VIEW).filter(pk=value).first()
        return str(record) if record is not None else str(value)
    return str(value.normalize() if hasattr(value, "normalize") else value)
