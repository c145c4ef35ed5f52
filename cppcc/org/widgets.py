"""Searchable member pickers, so a committee of a thousand members is never sent whole: the admin's
filing forms use a select2 box (Django's own copy) that asks a search view of the admin for the
members of one committee as the clerk types (the committee is read from another field of the form,
the session or the committee, each time the clerk searches, and changing that field empties the
picker); the portal uses a plain search box made for touch and keyboard (``MemberSearchMultiple``).
Both ask ``member_search``, which finds members by name, sector or workplace."""

import json

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import get_select2_language
from django.db.models import Q, QuerySet
from django.forms.utils import flatatt
from django.http import JsonResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from .models import Member

PAGE_SIZE = 20


def member_label(member: Member) -> str:
    """How a member reads in the picker: the name, with the sector and workplace that tell two
    members of the same name apart."""
    details = " · ".join(filter(None, [member.sector.name if member.sector_id else "", member.workplace]))
    return f"{member.name}（{details}）" if details else member.name


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Member) -> str:
        return member_label(obj)


class MemberMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Member) -> str:
        return member_label(obj)


class MemberPickerMixin:
    """Renders only the members already chosen; the rest come from ``url`` as the clerk types,
    with ``scope`` (the id of the form's field that names the committee) sent as ``param``."""

    def __init__(self, *, url: str, scope: str, param: str, attrs=None):
        super().__init__(attrs)
        self.url, self.scope, self.param = url, scope, param

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        attrs.update(
            {
                "class": "member-picker",
                "data-url": self.url,
                "data-scope": self.scope,
                "data-param": self.param,
                "data-theme": "admin-autocomplete",
                "data-width": "32em",
                "data-allow-clear": json.dumps(not self.is_required),
                "data-placeholder": "",
                "lang": get_select2_language(),
            }
        )
        return attrs

    def optgroups(self, name, value, attrs=None):
        chosen = {str(v) for v in value if v not in ("", None)}
        rows = self.choices.queryset.filter(pk__in=chosen).select_related("sector") if chosen else []
        options = [] if self.allow_multiple_selected else [self.create_option(name, "", "", False, 0)]
        for member in rows:
            options.append(self.create_option(name, member.pk, member_label(member), True, len(options)))
        return [(None, options, 0)]

    @property
    def media(self):
        extra = "" if settings.DEBUG else ".min"
        language = get_select2_language()
        return forms.Media(
            js=(
                f"admin/js/vendor/jquery/jquery{extra}.js",
                f"admin/js/vendor/select2/select2.full{extra}.js",
                *([f"admin/js/vendor/select2/i18n/{language}.js"] if language else []),
                "admin/js/jquery.init.js",
                "js/member_picker.js",
            ),
            css={"screen": (f"admin/css/vendor/select2/select2{extra}.css", "admin/css/autocomplete.css")},
        )


class MemberPicker(MemberPickerMixin, forms.Select):
    pass


class MemberPickerMultiple(MemberPickerMixin, forms.SelectMultiple):
    pass


class MemberSearchMultiple(forms.SelectMultiple):
    """The portal's picker of several members, for touch and keyboard: a labelled search box that
    asks ``url`` (a view answering with ``member_search``) as the user types, the members found as
    large buttons, and the chosen ones as ticked boxes (untick to leave one out). The script is
    static/js/member_search.js; without it the members already chosen stay chosen."""

    def __init__(self, *, url: str, attrs=None):
        super().__init__(attrs)
        self.url = url

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        box_id = attrs.get("id", f"id_{name}")
        chosen = {str(v) for v in value or [] if v not in ("", None)}
        rows = self.choices.queryset.filter(pk__in=chosen).select_related("sector") if chosen else []
        ticked = format_html_join(
            "",
            '<li><label><input type="checkbox" name="{}" value="{}" checked> {}</label></li>',
            ((name, member.pk, member_label(member)) for member in rows),
        )
        search_attrs = {
            **attrs,
            "type": "search",
            "autocomplete": "off",
            "enterkeyhint": "search",
            "aria-controls": f"{box_id}_results",
            "placeholder": _("Type a name, sector or workplace"),
        }
        return format_html(
            '<div class="member-search" data-url="{url}" data-name="{name}" data-found="{found}"'
            ' data-none="{none}" data-added="{added}">'
            '<ul class="chosen" aria-label="{chosen_label}">{ticked}</ul>'
            "<input{search}>"
            '<p class="status muted" role="status" aria-live="polite"></p>'
            '<ul class="results" id="{box_id}_results" aria-label="{results_label}"></ul>'
            "</div>",
            url=self.url,
            name=name,
            found=_("%s members found: tap one to add them."),
            none=_("No member found."),
            added=_("%s is added."),
            chosen_label=_("Chosen"),
            ticked=ticked,
            search=flatatt(search_attrs),
            box_id=box_id,
            results_label=_("Members found"),
        )

    @property
    def media(self):
        return forms.Media(js=("js/member_search.js",))


def member_search(request, members: QuerySet) -> JsonResponse:
    """The pickers' answer: the active ``members`` whose name, sector or workplace holds ``term``
    (or whose number is ``term``), a page at a time."""
    term = request.GET.get("term", "").strip()
    rows = members.filter(is_active=True).select_related("sector").order_by("name", "id")
    if term.isdigit():
        rows = rows.filter(pk=int(term))
    elif term:
        rows = rows.filter(
            Q(name__icontains=term) | Q(sector__name__icontains=term) | Q(workplace__icontains=term)
        )
    page = int(request.GET["page"]) if request.GET.get("page", "").isdigit() else 1
    found = list(rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
    return JsonResponse(
        {
            "results": [{"id": str(m.pk), "text": member_label(m)} for m in found[:PAGE_SIZE]],
            "pagination": {"more": len(found) > PAGE_SIZE},
        }
    )
