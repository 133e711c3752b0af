"""The student's saved offers, the weekly alert's settings and its one-click unsubscribe."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from campus_portal.roles import role_required
from jobboard import saved
from jobboard.models import Offer, OfferAlert
from students.models import StudentProfile

SAVED_PER_PAGE = 20


class OfferAlertForm(forms.Form):
    is_active = forms.BooleanField(required=False)

    def __init__(self, *args, profile: StudentProfile, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["is_active"]
        if profile.track_id:
            field.label = _(
                "Recevoir chaque semaine les nouvelles offres pour ma filière (%(track)s)"
            ) % {"track": profile.track.name}
            field.help_text = _(
                "Un e-mail par semaine au plus, seulement s'il y a du nouveau. "
                "Chaque e-mail contient un lien pour te désabonner en un clic."
            )
        else:
            field.label = _("Recevoir chaque semaine les nouvelles offres pour ma filière")
            field.disabled = True
            field.help_text = _(
                "Indique d'abord ta filière dans ton profil : l'alerte t'envoie les offres "
                "de ta filière."
            )


def _profile(request) -> StudentProfile:
    return StudentProfile.objects.select_related("track").get(user=request.user)


def _safe_next(request) -> str | None:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@role_required("student")
def saved_offer_list(request):
    profile = _profile(request)
    page = Paginator(saved.saved_offers(student=profile), SAVED_PER_PAGE).get_page(
        request.GET.get("page")
    )
    alert = saved.alert_of(student=profile)
    alert_form = OfferAlertForm(
        initial={"is_active": bool(alert and alert.is_active)}, profile=profile
    )
    return render(
        request,
        "jobboard/saved_offer_list.html",
        {"profile": profile, "page_obj": page, "alert": alert, "alert_form": alert_form},
    )


@require_POST
@role_required("student")
def offer_alert_update(request):
    profile = _profile(request)
    form = OfferAlertForm(request.POST, profile=profile)
    # The form has one optional checkbox: it is always valid; a disabled field (no
    # track) reads as its initial value, off.
    form.is_valid()
    wants_alert = bool(form.cleaned_data.get("is_active"))
    if wants_alert and not profile.track_id:
        messages.error(request, _("Indique d'abord ta filière dans ton profil."))
    elif wants_alert:
        saved.set_offer_alert(student=profile, active=True)
        messages.success(
            request,
            _("C'est noté : tu recevras chaque semaine les nouvelles offres pour ta filière."),
        )
    else:
        saved.set_offer_alert(student=profile, active=False)
        messages.success(request, _("Tu ne recevras plus l'alerte hebdomadaire des offres."))
    return redirect("jobboard:saved_offer_list")


@require_POST
@role_required("student")
def offer_save_toggle(request, pk):
    """Save or remove an offer. The button says which (`action`), so that a double
    click leaves the state the student asked for instead of flipping it back."""
    offer = get_object_or_404(Offer.objects.readable(), pk=pk)
    profile = _profile(request)
    if request.POST.get("action") == "remove":
        saved.unsave_offer(student=profile, offer=offer)
        messages.success(request, _("L'offre est retirée de tes favoris."))
    else:
        saved.save_offer(student=profile, offer=offer)
        messages.success(
            request, _("L'offre est sauvegardée : retrouve-la dans « Offres sauvegardées ».")
        )
    return redirect(_safe_next(request) or offer.get_absolute_url())


# The link in the alert email works without a session (mail clients have none) and
# accepts the RFC 8058 one-click POST that mail providers send without any CSRF token.
# Exempting this one view is safe: the unguessable token in the URL is the secret that
# proves the request comes from the recipient, and the only action it allows is turning
# the alert off. GET never changes anything (link scanners open links in emails).
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def alert_unsubscribe(request, token):
    alert = get_object_or_404(OfferAlert, token=token)
    if request.method == "POST":
        saved.unsubscribe(alert=alert)
        return render(request, "jobboard/alert_unsubscribed.html", {"alert": alert})
    return render(request, "jobboard/alert_unsubscribe.html", {"alert": alert})
