"""The public directory: verified companies, filtered by sector and track, and their pages."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from companies import profile_sections
from companies.directory import (
    DirectoryFilterForm,
    directory_companies,
    sought_tracks,
    tracks_sought_by,
)
from companies.models import Company

PER_PAGE = 20


def company_list(request):
    form = DirectoryFilterForm(request.GET or None)
    filters = form.filters()
    page = Paginator(directory_companies(**filters), PER_PAGE).get_page(request.GET.get("page"))
    for company in page:
        company.sought_tracks = sought_tracks(company)
    # Links keep the known filters only, so that junk does not travel from page to page.
    removals = [
        {"label": label, "query": urlencode({k: v for k, v in filters.items() if k != name})}
        for name, label in form.chosen().items()
    ]
    context = {
        "form": form,
        "page_obj": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "companies": page.object_list,
        "filters": filters,
        "filter_query": urlencode(filters),
        "removals": removals,
        "ignored_filters": form.ignored(),
    }
    return render(request, "companies/company_list.html", context)


def company_detail(request, slug):
    """A verified company's page; any other company is a 404, as if it did not exist."""
    company = get_object_or_404(Company.objects.verified().prefetch_related("sectors"), slug=slug)
    context = {
        "company": company,
        "sought_tracks": tracks_sought_by(company),
        "sections": profile_sections.sections_for(company),
    }
    return render(request, "companies/company_detail.html", context)
