from cppcc.core.rest import YearFilterMixin
from cppcc.org.filters import CommitteeFilterSet

from .models import Speech


class SpeechFilter(YearFilterMixin, CommitteeFilterSet):
    """``year``: the year of the meeting."""

    year_field = "activity__date"

    class Meta:
        model = Speech
        fields = ["activity", "state", "mode"]
