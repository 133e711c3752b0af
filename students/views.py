"""Public track pages and the student area."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView

from campus_portal.roles import role_required
from students import access, track_sections
from students.cv import delete_cv, download_name, store_cv
from students.forms import CVForm, LanguageFormSet, PrivacyForm, StudentProfileForm
from students.invitations import InvitationAcceptForm
from students.models import (
    ClassInvitation,
    Sector,
    ShortageOccupation,
    StudentProfile,
    Track,
    current_school_year,
)


class TrackListView(ListView):
    """Tracks grouped by sector, each with its shortage badge."""

    template_name = "students/track_list.html"
    context_object_name = "sectors"

    def get_queryset(self):
        tracks = Track.objects.with_shortage_year().order_by("position", "slug")
        return Sector.objects.prefetch_related(Prefetch("tracks", queryset=tracks))


class TrackDetailView(DetailView):
    template_name = "students/track_detail.html"
    context_object_name = "track"

    def get_queryset(self):
        return Track.objects.select_related("sector").with_shortage_year()

    def get_context_data(self, **kwargs):
        track = self.object
        shortages = ShortageOccupation.objects.filter(tracks=track, list_year=track.shortage_year)
        return super().get_context_data(
            shortages=shortages, sections=track_sections.sections_for(track), **kwargs
        )


def student_profile(request) -> StudentProfile:
    # A fresh copy: a form that fails validation must not leave its data on the
    # `request.user.student_profile` that the page's banner reads.
    return StudentProfile.objects.select_related("track").get(user=request.user)


@role_required("student")
def area(request):
    # No form here: the profile loaded with the user (and its track) is the one to show.
    return render(request, "students/area.html", {"profile": request.user.student_profile})


@role_required("student")
def profile_edit(request):
    profile = student_profile(request)
    form = StudentProfileForm(request.POST or None, instance=profile)
    languages = LanguageFormSet(request.POST or None, instance=profile, prefix="languages")
    if request.method == "POST" and form.is_valid() and languages.is_valid():
        with transaction.atomic():
            profile = form.save(commit=False)
            if profile.status and profile.status != StudentProfile.Status.GRADUATE:
                # Saving the form with a pupil's year confirms it for this school year.
                profile.confirmed_school_year = current_school_year()
            profile.save()
            languages.save()
        messages.success(request, _("Ton profil est enregistré."))
        if not profile.cv:
            return redirect("students:cv_manage")
        return redirect("students:area")
    return render(
        request,
        "students/profile_form.html",
        {"form": form, "languages": languages, "profile": profile},
    )


@role_required("student")
def cv_manage(request):
    profile = student_profile(request)
    form = CVForm()
    if request.method == "POST":
        if "delete" in request.POST:
            delete_cv(profile)
            messages.success(request, _("Ton CV est supprimé."))
            return redirect("students:cv_manage")
        form = CVForm(request.POST, request.FILES)
        if form.is_valid():
            store_cv(profile, form.cleaned_data["cv"])
            messages.success(request, _("Ton CV est enregistré."))
            return redirect("students:area" if profile.is_complete else "students:profile_edit")
    return render(request, "students/cv.html", {"form": form, "profile": profile})


def cv_download(request, public_id):
    """The CV, for whom the access registry allows; a 404 for everyone else."""
    profile = access.visible_profile_or_404(request.user, public_id)
    if not profile.cv:
        raise Http404
    try:
        handle = profile.cv.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(profile),
        content_type="application/pdf",
    )


def profile_detail(request, public_id):
    profile = access.visible_profile_or_404(request.user, public_id)
    return render(request, "students/profile_detail.html", {"profile": profile})


@role_required("student")
def privacy(request):
    profile = student_profile(request)
    form = PrivacyForm(
        request.POST if request.method == "POST" else None,
        initial={"talent_search_opt_in": profile.talent_search_opt_in},
    )
    if request.method == "POST" and form.is_valid():
        profile.set_talent_search(form.cleaned_data["talent_search_opt_in"])
        profile.save(
            update_fields=["talent_search_opt_in", "talent_search_opt_in_at", "updated_at"]
        )
        if profile.talent_search_opt_in:
            messages.success(
                request, _("Les entreprises vérifiées peuvent maintenant trouver ton profil.")
            )
        else:
            messages.success(request, _("Ton profil n'apparaît plus dans la recherche de talents."))
        return redirect("students:privacy")
    return render(request, "students/privacy.html", {"form": form, "profile": profile})


@require_POST
@role_required("student")
def confirm_year(request):
    """One click on the September banner: "my year is still right"."""
    profile = student_profile(request)
    profile.confirmed_school_year = current_school_year()
    profile.save(update_fields=["confirmed_school_year", "updated_at"])
    messages.success(request, _("Merci, ta situation est confirmée pour cette année scolaire."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "students:area"
    return redirect(target)


@never_cache
def invitation_accept(request, token):
    """Create a student account from a class invitation (the link in the email)."""
    invitation = (
        ClassInvitation.objects.usable().select_related("track").filter(token=token).first()
    )
    if invitation is None:
        raise Http404
    context = {"invitation": invitation}
    if request.user.is_authenticated:
        return render(request, "students/invitation_logged_in.html", context)
    data = request.POST if request.method == "POST" else None
    form = InvitationAcceptForm(data, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            user = form.save()
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend="campus_portal.auth_backends.AccountBackend")
            messages.success(request, _("Bienvenue ! Ton compte est créé."))
            return redirect("students:profile_edit")
    return render(request, "students/invitation_accept.html", {**context, "form": form})
