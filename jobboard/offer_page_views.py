"""The offer page (with its JSON-LD and the reason one may or may not apply) and applying."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from campus_portal.roles import role_required, user_has_role
from companies.membership import active_membership
from jobboard.applying import AlreadyApplied, ApplicationRefused, apply
from jobboard.applying_forms import ApplyForm
from jobboard.job_posting import as_json_ld, job_posting
from jobboard.models import Application, Offer, SavedOffer
from students.models import StudentProfile, Track


def is_insider(user, offer: Offer) -> bool:
    """Staff, or an active member of the offer's company: they see it in every state."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff:
        return True
    membership = active_membership(user)
    return membership is not None and membership.company_id == offer.company_id


def offer_tracks(offer: Offer) -> list[Track]:
    """The offer's tracks, each with `shortage_year` (latest shortage list naming it)."""
    return list(
        Track.objects.filter(offers=offer)
        .with_shortage_year()
        .select_related("sector")
        .order_by("sector__position", "position", "slug")
    )


def with_viewer_state(offers: QuerySet[Offer], user) -> QuerySet[Offer]:
    """For a student, annotate `viewer_application_id` and `viewer_saved` (their
    application to the offer, whether they saved it) in the offer's own query."""
    if not user_has_role(user, "student"):
        return offers
    profile = user.student_profile
    return offers.annotate(
        viewer_application_id=Subquery(
            Application.objects.filter(offer=OuterRef("pk"), student=profile).values("pk")[:1]
        ),
        viewer_saved=Exists(SavedOffer.objects.filter(offer=OuterRef("pk"), student=profile)),
    )


def apply_panel(user, offer: Offer) -> dict:
    """What the page says about applying: `reason` is one of "applied", "ended",
    "unlisted", "visitor", "not_student", "incomplete" or "open". A student's offer comes
    from `with_viewer_state`."""
    profile = None
    if user_has_role(user, "student"):
        profile = user.student_profile
        if offer.viewer_application_id is not None:
            application = Application.objects.get(pk=offer.viewer_application_id)
            return {"reason": "applied", "application": application}
    if offer.has_ended:
        return {"reason": "ended"}
    if not offer.is_open_for_applications:
        return {"reason": "unlisted"}
    if not getattr(user, "is_authenticated", False):
        return {"reason": "visitor"}
    if profile is None:
        return {"reason": "not_student"}
    if missing := profile.missing_fields():
        return {"reason": "incomplete", "missing": missing}
    return {"reason": "open"}


def offer_detail(request, pk):
    """Readable offers for everyone; the others only for their company and staff (else 404)."""
    offers = with_viewer_state(Offer.objects.select_related("company"), request.user)
    offer = offers.readable().filter(pk=pk).first()
    if offer is None:
        offer = get_object_or_404(offers, pk=pk)
        if not is_insider(request.user, offer):
            raise Http404
    tracks = offer_tracks(offer)
    context = {
        "offer": offer,
        "tracks": tracks,
        "panel": apply_panel(request.user, offer),
        "job_posting": None,
    }
    if offer.is_listed:
        data = job_posting(offer, absolute_url=request.build_absolute_uri, tracks=tracks)
        context["job_posting"] = as_json_ld(data)
    return render(request, "jobboard/offer_detail.html", context)


@role_required("student")
def offer_apply(request, pk):
    offer = get_object_or_404(Offer.objects.readable().select_related("company"), pk=pk)
    profile = StudentProfile.objects.select_related("track").get(user=request.user)
    existing = Application.objects.filter(offer=offer, student=profile).first()
    if existing is not None:
        messages.info(request, _("Tu as déjà postulé à cette offre : voici ta candidature."))
        return redirect("jobboard:my_application_detail", pk=existing.pk)
    if not offer.is_open_for_applications:
        messages.warning(request, _("Cette offre n'accepte plus de candidatures."))
        return redirect(offer)
    if not profile.is_complete:
        messages.warning(
            request,
            _("Complète ton profil avant de postuler : il manque %(missing)s.")
            % {"missing": ", ".join(str(part) for part in profile.missing_fields())},
        )
        return redirect("students:profile_edit")

    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = ApplyForm(
        data,
        files,
        profile=profile,
        offer=offer,
        initial={"invitation": request.GET.get("invitation", "")[:18]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = apply(
                offer=offer,
                student=profile,
                message=form.cleaned_data["message"],
                cv_upload=form.cv_upload,
                invitation=form.cleaned_data["invitation"],
                by=request.user,
            )
        except AlreadyApplied as refusal:
            # A double submit: the first request made the application.
            return redirect("jobboard:my_application_detail", pk=refusal.application.pk)
        except ApplicationRefused as refusal:
            form.add_error(None, refusal.message)
        except ValidationError as error:
            form.add_error("cv", error)
        else:
            messages.success(
                request,
                _("Ta candidature est envoyée ! Tu recevras un e-mail à chaque étape."),
            )
            return redirect("jobboard:my_application_detail", pk=application.pk)
    return render(
        request,
        "jobboard/apply.html",
        {"offer": offer, "profile": profile, "form": form},
    )
