"""The public lead form (提案线索征集): anyone, without signing in, describes a problem in a few
sentences for a committee to take up, and gets a receipt number. No image CAPTCHA (older senders):
a field robots fill and people leave empty, a per-address limit shared with the API
(``proposals.api.LeadThrottle``), and the length and link checks of ``Lead.clean``."""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proposals import services
from proposals.api import HONEYPOT, LeadThrottle
from proposals.models import LEAD_MAX_LENGTH
from proposals.selectors import lead_categories, lead_committees


class CategoryChoice(forms.ModelChoiceField):
    def label_from_instance(self, category) -> str:
        return category.name


class LeadForm(forms.Form):
    committee = forms.ModelChoiceField(label=gettext_lazy("Committee"), queryset=lead_committees())
    category = CategoryChoice(label=gettext_lazy("Area it concerns"), queryset=lead_categories())
    description = forms.CharField(
        label=gettext_lazy("What should be taken up"),
        max_length=LEAD_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": LEAD_MAX_LENGTH}),
        help_text=gettext_lazy("10 to 300 characters, in your own words; no web addresses."),
    )
    name = forms.CharField(label=gettext_lazy("Your name (optional)"), max_length=50, required=False)
    phone = forms.CharField(
        label=gettext_lazy("Your phone (optional, for a call back)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    # The trap: hidden from people (off-screen, skipped by the keyboard and screen readers).
    website = forms.CharField(label=gettext_lazy("Leave this field empty"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        # The categories grouped by committee, so that a phone's picker shows whose they are.
        groups: dict = {}
        for category in self.fields["category"].queryset:
            groups.setdefault(category.committee.name, []).append((category.pk, category.name))
        self.fields["category"].choices = [("", "---------"), *groups.items()]

    def clean_website(self) -> str:
        if self.cleaned_data[HONEYPOT].strip():
            raise forms.ValidationError(_("Leave this field empty."))
        return ""


def add_errors(form: forms.Form, error: ValidationError) -> None:
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


def lead_new(request):
    """The form; a sent lead answers with its receipt number."""
    initial = (
        {"committee": request.GET.get("committee")} if request.GET.get("committee", "").isdigit() else {}
    )
    form = LeadForm(request.POST or None, initial=initial)
    if request.method == "POST":
        wait = LeadThrottle.refusal(request)
        if wait is not None:
            response = render(request, "public/leads_throttled.html", {"minutes": -(-wait // 60)}, status=429)
            response["Retry-After"] = str(wait)
            return response
        if form.is_valid():
            data = form.cleaned_data
            try:
                lead = services.lead_submit(
                    committee=data["committee"],
                    description=data["description"],
                    category=data["category"],
                    name=data["name"],
                    phone=data["phone"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                return render(request, "public/leads_received.html", {"lead": lead})
    status = 400 if form.errors else 200
    return render(request, "public/leads_new.html", {"form": form}, status=status)
