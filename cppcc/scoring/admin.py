from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cppcc.core.admin import RestrictedAdmin
from cppcc.core.querysets import CHANGE
from cppcc.core.years import YearFormField

from . import services
from .models import ScoreRule


class YearForm(forms.Form):
    year = YearFormField()


@admin.register(ScoreRule)
class ScoreRuleAdmin(RestrictedAdmin):
    list_display = ["item", "dimension", "points", "cap", "year", "committee"]
    list_editable = ["points", "cap"]
    list_filter = [("committee", admin.RelatedOnlyFieldListFilter), "year", "dimension"]
    search_fields = ["item"]
    actions = ["copy_to_year"]

    def _ask_year(self, request, queryset, action, title):
        form = YearForm(request.POST if "year" in request.POST else None)
        if form.is_valid():
            return form.cleaned_data["year"]
        return render(
            request,
            "admin/scoring/ask_year.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "form": form,
                "queryset": queryset,
                "action": action,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
            },
        )

    @admin.action(description=gettext_lazy("Copy the selected rules to another year"))
    def copy_to_year(self, request, queryset):
        managed = queryset.restrict(request.user, CHANGE)
        year = self._ask_year(request, managed, "copy_to_year", _("Copy rules to a year"))
        if not isinstance(year, int):
            return year
        copied = services.rules_copy_to_year(rules=managed, year=year)
        self.message_user(request, _("%(count)d rules copied to %(year)d.") % {"count": copied, "year": year})
        return None
