import pytest

from .factories import report


@pytest.fixture
def make_report(city, city_clerk, member):
    """``make_report(state=..., authors=[...])``: a report of the city committee, by default the member's."""

    def make(state="draft", authors=None, committee=None, actor=None, **kwargs):
        return report(
            committee=committee or city,
            authors=authors if authors is not None else [member],
            actor=actor or city_clerk,
            state=state,
            **kwargs,
        )

    return make
