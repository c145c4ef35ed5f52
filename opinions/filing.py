"""The secretariat's form for an opinion report handed in on paper (``services.report_file``):
the committee, the authors picked by search among its members, or the authoring party, sector,
special committee or county committee, and the text."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cppcc.core.querysets import PICK
from cppcc.org.admin import pick_committee
from cppcc.org.models import Committee, Member, Party, Sector, SpecialCommittee
from cppcc.org.widgets import MemberMultipleChoiceField, MemberPickerMultiple

from .models import OpinionReport

ORGANISATION_FIELDS = OpinionReport.ORGANISATION_FIELDS


class PaperReportForm(forms.Form):
    committee = forms.ModelChoiceField(queryset=Committee.objects.none(), label=_("committee"))
    authors = MemberMultipleChoiceField(
        queryset=Member.objects.none(),
        label=_("authors"),
        required=False,
        help_text=_("Lead author first."),
    )
    author_party = forms.ModelChoiceField(
        queryset=Party.objects.none(), label=_("authoring party"), required=False
    )
    author_sector = forms.ModelChoiceField(
        queryset=Sector.objects.none(), label=_("authoring sector"), required=False
    )
    author_special_committee = forms.ModelChoiceField(
        queryset=SpecialCommittee.objects.none(), label=_("authoring special committee"), required=False
    )
    author_committee = forms.ModelChoiceField(
        queryset=Committee.objects.none(), label=_("authoring county committee"), required=False
    )
    title = forms.CharField(
        label=pgettext_lazy("opinion report", "title"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": "vTextField"}),
    )
    content = forms.CharField(
        label=pgettext_lazy("opinion report", "content"),
        widget=forms.Textarea(attrs={"class": "vLargeTextField"}),
    )
    category = forms.ChoiceField(
        label=_("category"), choices=OpinionReport.Category.choices, initial=OpinionReport.Category.OTHER
    )

    fieldsets = [
        (None, {"fields": ["committee", "authors"]}),
        (_("Authoring organisation"), {"fields": list(ORGANISATION_FIELDS)}),
        (None, {"fields": ["title", "content", "category"]}),
    ]

    def __init__(self, user, *, search_url: str, **kwargs):
        super().__init__(**kwargs)
        pick_committee(self, user)
        # The widget first: setting the queryset hands the widget its choices.
        self.fields["authors"].widget = MemberPickerMultiple(
            url=search_url, scope="id_committee", param="committee"
        )
        self.fields["authors"].queryset = Member.objects.restrict(user, PICK)
        for name, model in (
            ("author_party", Party),
            ("author_sector", Sector),
            ("author_special_committee", SpecialCommittee),
        ):
            self.fields[name].queryset = model.objects.restrict(user, PICK)
        self.fields["author_committee"].queryset = Committee.objects.filter(
            parent__in=Committee.objects.restrict(user, PICK)
        )

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "committee": data["committee"],
            "authors": list(data["authors"]),
            **{name: data[name] for name in ORGANISATION_FIELDS},
            "title": data["title"],
            "content": data["content"],
            "category": data["category"],
        }

    def add_service_error(self, error: ValidationError) -> None:
        """A refusal of the service, on the fields it names."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.message_dict.items():
            self.add_error(name if name in self.fields else None, errors)
