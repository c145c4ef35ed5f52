"""The public pages (提案公开, ``/public/``): published proposals of every committee with their
replies, searchable and filtered by year, committee, category and handling unit; a committee's
public figures for a year. No sign-in; a visitor's pages are kept whole in the response cache
until a write touches what they show (publishing or withdrawing a proposal among them). Also the
site's ``robots.txt``, which opens only these pages to search engines."""

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from cppcc.core.response_cache import cached_for_visitors
from cppcc.core.years import YearFormField
from cppcc.org.models import Committee
from cppcc.org.selectors import default_year
from cppcc.site.portal.context_processors import SENIOR_COOKIE
from cppcc.site.portal.views import SENIOR_COOKIE_AGE

from . import selectors

PAGE_SIZE = 20
cached = cached_for_visitors(cookies=[SENIOR_COOKIE])


class FilterForm(forms.Form):
    """The list's filters, as a visitor's address gives them; a value that makes no sense is
    ignored (the page shows every published proposal for it)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    year = YearFormField(required=False)
    committee = forms.IntegerField(label=_("committee"), required=False, min_value=1)
    category = forms.IntegerField(label=_("category"), required=False, min_value=1)
    unit = forms.IntegerField(label=_("handling unit"), required=False, min_value=1)

    def filters(self) -> selectors.Filters:
        if not self.is_valid():
            return selectors.Filters()
        data = self.cleaned_data
        return selectors.Filters(
            year=data["year"],
            committee=data["committee"],
            category=data["category"],
            unit=data["unit"],
            search=data["q"],
        )


def page_number(request) -> int:
    number = request.GET.get("page", "1")
    return int(number) if number.isdigit() and 0 < int(number) < 100000 else 1


@require_safe
@cached
def proposal_list(request):
    form = FilterForm(request.GET)
    filters = form.filters()
    proposals = selectors.with_public_fields(selectors.filtered(filters))
    page = Paginator(proposals, PAGE_SIZE).get_page(page_number(request))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "public/proposal_list.html",
        {
            "page": page,
            "rows": [(p, selectors.proposers(p), selectors.units(p)) for p in page.object_list],
            "filters": filters,
            "choices": selectors.choices(),
            "query": query.urlencode(),
            "searching": bool(filters.search.strip()),
        },
    )


@require_safe
@cached
def proposal_detail(request, pk: int):
    story = selectors.public_story(pk)
    if story is None:
        raise Http404
    return render(request, "public/proposal_detail.html", {"story": story, "proposal": story.proposal})


@require_safe
@cached
def committee_list(request):
    return render(request, "public/committee_list.html", {"committees": selectors.committees()})


@require_safe
@cached
def committee_detail(request, pk: int):
    committee = get_object_or_404(Committee, pk=pk)
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 1949 <= int(year) <= 2100 else default_year()
    years = selectors.choices().years
    return render(
        request,
        "public/committee_detail.html",
        {
            "committee": committee,
            "year": year,
            "years": sorted({*years, year}, reverse=True),
            "figures": selectors.committee_figures(committee, year),
        },
    )


@require_safe
def senior_mode(request):
    """The 长辈模式 switch of a visitor's public pages (a link, no form to post: the pages are kept
    whole in the cache and carry no visitor's token); back to the page. A signed-in user's choice
    is kept on their account by the portal's switch, which their public pages show."""
    target = request.GET.get("next", "")
    public = reverse("public:proposals")
    if not target.startswith(public) or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = public
    response = HttpResponseRedirect(target)
    response.set_cookie(
        SENIOR_COOKIE,
        "1" if request.GET.get("on") == "1" else "0",
        max_age=SENIOR_COOKIE_AGE,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response


@require_safe
def robots_txt(request):
    """Search engines may read the public pages and nothing else; the sitemap lists them."""
    lines = [
        "User-agent: *",
        f"Allow: {reverse('public:proposals')}",
        "Disallow: /",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
