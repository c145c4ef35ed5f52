"""Generated from the table of ``speeches/workflow.py``: every transition of a speech, for every
persona, from every state (tests/lifecycle.py). The speech is ``member``'s, for the city's plenary."""

import pytest

from speeches.models import Speech, State
from speeches.workflow import workflow
from tests.lifecycle import compare, matrix, personas, record_in

pytestmark = pytest.mark.django_db

STAFF = {"city_clerk"}
SPEAKER = {"member_login"}
# Who may take each transition (issue 20), whatever the state.
WHO = {
    "create": STAFF | SPEAKER,
    "edit": STAFF | SPEAKER,
    "submit": STAFF | SPEAKER,
    "return": STAFF,
    "select_oral": STAFF,
    "select_written": STAFF,
    "reject": STAFF,
    "order": STAFF,
}
MODES = {State.SELECTED_ORAL: "oral", State.SELECTED_WRITTEN: "written"}


@pytest.fixture
def speech_in(city, member, plenary):
    def build(state):
        return Speech(
            committee=city,
            activity=plenary,
            title="推进京杭运河文化保护传承利用",
            content="发言正文。",
            author=member,
            mode=MODES.get(state, ""),
            order=1 if state in MODES else None,
        )

    return lambda state: record_in(workflow, state, build)


def changes_for(name: str, state: str) -> dict:
    """What a selection sets with it: the mode (and clears it when a speech leaves selection)."""
    if name == "select_oral":
        return {"mode": "oral"}
    if name == "select_written":
        return {"mode": "written"}
    if name == "return" or name == "reject":
        return {"mode": ""}
    return {}


def test_the_table_names_who_may_take_every_transition():
    assert set(WHO) == {t.name for t in workflow.transitions}


@pytest.mark.parametrize(("name", "state"), matrix(workflow))
def test_speech_transition(request, name, state, speech_in):
    got, want = compare(
        workflow,
        name,
        state,
        personas=personas(request),
        who=WHO[name],
        record=speech_in,
        changes=changes_for(name, state),
    )
    assert got == want
