"""The company area's needs: what profiles a company seeks, declared for the city."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from companies.membership import company_member_required
from companies.models import Need, NeedLanguage
from companies.needs import NeedForm, NeedLanguageFormSet
from students.models import Track


@company_member_required
def need_list(request):
    needs = request.company.needs.prefetch_related(
        Prefetch("tracks", queryset=Track.objects.order_by("name")),
        Prefetch("languages", queryset=NeedLanguage.objects.order_by("pk")),
    )
    open_needs, closed_needs = [], []
    for need in needs:
        (open_needs if need.status == Need.Status.OPEN else closed_needs).append(need)
    return render(
        request,
        "companies/need_list.html",
        {"company": request.company, "open_needs": open_needs, "closed_needs": closed_needs},
    )


def _edit(request, need: Need, *, saved_message: str):
    # The heading names the need as saved, not as the failed form left it in memory.
    saved_title = need.title
    form = NeedForm(request.POST or None, instance=need)
    languages = NeedLanguageFormSet(request.POST or None, instance=need, prefix="languages")
    if request.method == "POST" and form.is_valid() and languages.is_valid():
        with transaction.atomic():
            need = form.save()
            languages.instance = need
            languages.save()
        messages.success(request, saved_message)
        return redirect("companies:need_list")
    return render(
        request,
        "companies/need_form.html",
        {
            "form": form,
            "languages": languages,
            "need": need,
            "saved_title": saved_title,
            "company": request.company,
        },
    )


@company_member_required
def need_create(request):
    return _edit(
        request,
        Need(company=request.company),
        saved_message=_("Votre besoin est enregistré. Merci de nous l'avoir signalé !"),
    )


@company_member_required
def need_update(request, pk: int):
    need = get_object_or_404(Need, pk=pk, company=request.company)
    return _edit(request, need, saved_message=_("Le besoin est mis à jour."))
