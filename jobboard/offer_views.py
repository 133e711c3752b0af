"""The company area's offers: write, preview, submit to moderation, edit and close."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from companies.membership import company_member_required
from companies.models import Company, Need
from jobboard import moderation
from jobboard.models import Offer, OfferLanguage
from jobboard.offer_page_views import offer_tracks
from jobboard.offers import OfferForm, OfferLanguageFormSet, initial_from_need

# The groups of the list, in the order of what needs the member's attention first.
LIST_GROUPS = [
    (Offer.Status.DRAFT, "draft", _lazy("Brouillons")),
    (Offer.Status.REJECTED, "rejected", _lazy("Refusées : à corriger")),
    (Offer.Status.PENDING, "pending", _lazy("En attente de modération")),
    (Offer.Status.PUBLISHED, "published", _lazy("Publiées")),
    (Offer.Status.CLOSED, "closed", _lazy("Clôturées")),
    (Offer.Status.EXPIRED, "expired", _lazy("Expirées")),
]


def _company_offer(request, pk: int) -> Offer:
    """One of the member's company's offers; any other is a 404."""
    return get_object_or_404(
        Offer.objects.select_related("company"), pk=pk, company=request.company
    )


def _can_submit(company: Company, offer: Offer) -> bool:
    return company.status == Company.Status.VERIFIED and offer.status in {
        Offer.Status.DRAFT,
        Offer.Status.REJECTED,
    }


@company_member_required
def company_offer_list(request):
    offers = (
        request.company.offers.annotate(application_count=Count("applications"))
        .select_related("company")
        .order_by("-updated_at", "-pk")
    )
    by_status = {status: [] for status, _key, _label in LIST_GROUPS}
    for offer in offers:
        # A published offer past its end is shown as ended before the daily command runs.
        status = (
            Offer.Status.EXPIRED
            if offer.status == Offer.Status.PUBLISHED and offer.has_ended
            else offer.status
        )
        by_status[status].append(offer)
    groups = [
        {"status": status, "key": key, "label": label, "offers": by_status[status]}
        for status, key, label in LIST_GROUPS
        if by_status[status]
    ]
    open_needs = request.company.needs.open().order_by("-created_at")
    return render(
        request,
        "jobboard/company/offer_list.html",
        {
            "company": request.company,
            "groups": groups,
            "offer_count": sum(len(group["offers"]) for group in groups),
            "open_needs": open_needs,
            "is_verified": request.company.status == Company.Status.VERIFIED,
        },
    )


def _need_from_query(request) -> Need | None:
    value = request.GET.get("need")
    if value in (None, ""):
        return None
    try:
        pk = int(value)
    except ValueError:
        raise Http404 from None
    return get_object_or_404(Need, pk=pk, company=request.company)


@company_member_required
def company_offer_create(request):
    need = _need_from_query(request)
    offer = Offer(company=request.company, created_by=request.user, need=need)
    if request.method == "POST":
        form = OfferForm(request.POST, instance=offer)
        languages = OfferLanguageFormSet(request.POST, instance=offer, prefix="languages")
        if form.is_valid() and languages.is_valid():
            with transaction.atomic():
                offer = form.save()
                languages.instance = offer
                languages.save()
            messages.success(
                request,
                _(
                    "L'offre est enregistrée comme brouillon. Vérifiez l'aperçu, puis "
                    "soumettez-la à la modération."
                ),
            )
            return redirect("jobboard:company_offer_preview", pk=offer.pk)
    else:
        initial, language_rows = initial_from_need(need) if need else ({}, [])
        form = OfferForm(instance=offer, initial=initial)
        languages = OfferLanguageFormSet(instance=offer, prefix="languages", initial=language_rows)
        languages.extra = max(languages.extra, len(language_rows) + 1)
    return _form_page(request, offer, form, languages, need=need)


@company_member_required
def company_offer_update(request, pk: int):
    offer = _company_offer(request, pk)
    if offer.status not in moderation.EDITABLE_STATUSES:
        messages.info(
            request,
            _("Cette offre est %(status)s : elle ne peut plus être modifiée.")
            % {"status": offer.get_status_display().lower()},
        )
        return redirect("jobboard:company_offer_preview", pk=offer.pk)
    saved_title = offer.title
    form = OfferForm(request.POST or None, instance=offer)
    languages = OfferLanguageFormSet(request.POST or None, instance=offer, prefix="languages")
    warn_substance = []
    if request.method == "POST" and form.is_valid() and languages.is_valid():
        changes = form.substance_labels() if offer.status == Offer.Status.PUBLISHED else []
        if changes and not form.cleaned_data["confirm_substance"]:
            # First ask: the offer would leave the list until the moderators see it again.
            warn_substance = changes
        else:
            try:
                sent_back = moderation.save_offer_edit(
                    offer, form=form, languages=languages, by=request.user
                )
            except ValidationError as error:
                # Moved meanwhile (closed by a colleague, expired overnight): say so and
                # keep what the member typed.
                form.add_error(None, error)
                return _form_page(request, offer, form, languages, saved_title=saved_title)
            if sent_back:
                messages.warning(
                    request,
                    _(
                        "L'offre est renvoyée en modération : elle n'apparaît plus dans la "
                        "liste des offres jusqu'à ce que l'équipe du campus la publie à nouveau."
                    ),
                )
                return redirect("jobboard:company_offer_list")
            if offer.status == Offer.Status.PUBLISHED:
                messages.success(request, _("Les modifications sont en ligne."))
                return redirect("jobboard:company_offer_list")
            messages.success(request, _("L'offre est mise à jour."))
            return redirect("jobboard:company_offer_preview", pk=offer.pk)
    return _form_page(
        request, offer, form, languages, saved_title=saved_title, warn_substance=warn_substance
    )


def _form_page(request, offer, form, languages, *, need=None, saved_title="", warn_substance=()):
    return render(
        request,
        "jobboard/company/offer_form.html",
        {
            "company": request.company,
            "offer": offer,
            "form": form,
            "languages": languages,
            "need": need,
            "saved_title": saved_title,
            "warn_substance": list(warn_substance),
            "substance_labels": [str(form.fields[name].label) for name in Offer.SUBSTANCE_FIELDS],
            "is_verified": request.company.status == Company.Status.VERIFIED,
        },
    )


@company_member_required
def company_offer_preview(request, pk: int):
    offer = get_object_or_404(
        Offer.objects.select_related("company").prefetch_related(
            Prefetch("languages", queryset=OfferLanguage.objects.order_by("pk"))
        ),
        pk=pk,
        company=request.company,
    )
    return render(
        request,
        "jobboard/company/offer_preview.html",
        {
            "company": request.company,
            "offer": offer,
            "tracks": offer_tracks(offer),
            "is_verified": request.company.status == Company.Status.VERIFIED,
            "can_submit": _can_submit(request.company, offer),
            "can_edit": offer.status in moderation.EDITABLE_STATUSES,
        },
    )


@require_POST
@company_member_required
def company_offer_submit(request, pk: int):
    offer = _company_offer(request, pk)
    if request.company.status != Company.Status.VERIFIED:
        messages.error(
            request,
            _(
                "Seule une entreprise vérifiée peut soumettre des offres. L'offre reste en "
                "brouillon : vous pourrez la soumettre dès que l'équipe du campus aura "
                "vérifié votre entreprise."
            ),
        )
        return redirect("jobboard:company_offer_preview", pk=offer.pk)
    try:
        moderation.submit_offer(offer, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("jobboard:company_offer_preview", pk=offer.pk)
    messages.success(
        request,
        _(
            "L'offre est soumise à la modération. Vous recevrez un e-mail dès que l'équipe "
            "du campus l'aura publiée."
        ),
    )
    return redirect("jobboard:company_offer_list")


@require_POST
@company_member_required
def company_offer_close(request, pk: int):
    offer = _company_offer(request, pk)
    try:
        moderation.close_offer(offer, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "L'offre est clôturée : elle n'apparaît plus dans la liste et ne reçoit plus "
                "de candidatures. Les candidatures reçues restent dans votre suivi."
            ),
        )
    return redirect("jobboard:company_offer_list")
