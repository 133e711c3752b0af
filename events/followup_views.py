"""The company side after each meeting: its meetings of a day, a rating (1–4) and a
follow-up, which can be an invitation to apply to one of its offers."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from companies.membership import company_member_required
from events.checkin import (
    invitable_offers,
    meeting_has_started,
    meeting_start,
    rate_meeting,
)
from events.models import Meeting, Participation, Registration
from jobboard.models import OfferInvitation
from jobboard.talent import invitation_state_label

RATING_CHOICES = [
    (1, gettext_lazy("1 – Peu concluant")),
    (2, gettext_lazy("2 – Moyen")),
    (3, gettext_lazy("3 – Bon")),
    (4, gettext_lazy("4 – Excellent")),
]


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=gettext_lazy("Votre appréciation de ce rendez-vous"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choisissez une appréciation de 1 à 4."),
            "invalid_choice": gettext_lazy("Choisissez une appréciation de 1 à 4."),
        },
    )
    follow_up = forms.ChoiceField(
        label=gettext_lazy("Suite"),
        choices=Meeting.FollowUp.choices,
        initial=Meeting.FollowUp.NONE,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choisissez une suite."),
            "invalid_choice": gettext_lazy("Choisissez une suite dans la liste."),
        },
    )
    offer = forms.ModelChoiceField(
        label=gettext_lazy("Offre à envoyer"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Choisissez une de vos offres publiées"),
        help_text=gettext_lazy(
            "Pour « Envoyer une offre » : l'élève reçoit une invitation à postuler par e-mail "
            "et la voit dans son espace."
        ),
        error_messages={
            "invalid_choice": gettext_lazy(
                "Cette offre n'est pas une de vos offres publiées : choisissez-la dans la liste."
            ),
        },
    )
    message = forms.CharField(
        label=gettext_lazy("Message à l'élève, avec l'offre"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Facultatif. L'élève peut être mineur·e : restez professionnel·le."),
        error_messages={
            "max_length": gettext_lazy(
                "Votre message est trop long : %(limit_value)d caractères au plus "
                "(il en compte %(show_value)d)."
            )
        },
    )
    note = forms.CharField(
        label=gettext_lazy("Note pour votre équipe"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Facultative. L'élève ne la voit pas."),
        error_messages={
            "max_length": gettext_lazy(
                "Votre note est trop longue : %(limit_value)d caractères au plus "
                "(elle en compte %(show_value)d)."
            )
        },
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["offer"].queryset = invitable_offers(meeting.participation.company)

    def clean(self):
        data = super().clean()
        # A meeting already followed up by an offer may be re-rated without a new one.
        if (
            data.get("follow_up") == Meeting.FollowUp.OFFER
            and not data.get("offer")
            and "offer" not in self.errors
            and self.meeting.follow_up != Meeting.FollowUp.OFFER
        ):
            self.add_error("offer", _("Choisissez l'offre à laquelle vous invitez l'élève."))
        return data


def _company_meetings(company) -> QuerySet[Meeting]:
    """The company's meetings with students still registered (a cancelled registration's
    meetings are not the company's business any more)."""
    return (
        Meeting.objects.filter(participation__company=company)
        .exclude(registration__status=Registration.Status.CANCELLED)
        .select_related(
            "meeting_day",
            "participation__company",
            "registration__student__user",
            "registration__student__track",
            "rated_by",
        )
    )


@company_member_required
def company_meeting_list(request, pk):
    participation = get_object_or_404(
        Participation.objects.select_related("meeting_day"), pk=pk, company=request.company
    )
    day = participation.meeting_day
    meetings = list(
        _company_meetings(request.company)
        .filter(participation=participation)
        .order_by("table_number", "slot_index", "pk")
    )
    for meeting in meetings:
        meeting.starts_at = meeting_start(meeting)
        meeting.can_rate = meeting_has_started(meeting)
    context = {
        "company": request.company,
        "participation": participation,
        "day": day,
        "meetings": meetings,
        "rated": sum(1 for meeting in meetings if meeting.rating),
    }
    return render(request, "events/company/meeting_list.html", context)


@company_member_required
def meeting_rate(request, pk):
    meeting = get_object_or_404(_company_meetings(request.company), pk=pk)
    started = meeting_has_started(meeting)
    student = meeting.registration.student
    if request.method == "POST":
        form = RatingForm(request.POST, meeting=meeting)
        if not started:
            form.add_error(None, _("Ce rendez-vous n'a pas encore commencé : notez-le après."))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                invitation = rate_meeting(
                    meeting=meeting,
                    by=request.user,
                    rating=data["rating"],
                    follow_up=data["follow_up"],
                    note=data["note"],
                    offer=data["offer"],
                    message=data["message"],
                )
            except ValidationError as error:
                field = "offer" if data["follow_up"] == Meeting.FollowUp.OFFER else None
                form.add_error(field, error)
            else:
                name = student.user.get_full_name()
                if invitation is not None:
                    messages.success(
                        request,
                        _(
                            "Rendez-vous noté. %(name)s reçoit votre invitation à postuler "
                            "à « %(offer)s »."
                        )
                        % {"name": name, "offer": invitation.offer.title},
                    )
                else:
                    messages.success(request, _("Rendez-vous avec %(name)s noté.") % {"name": name})
                return redirect("events:company_meeting_list", pk=meeting.participation_id)
    else:
        initial = {"follow_up": meeting.follow_up or Meeting.FollowUp.NONE}
        if meeting.rating:
            initial.update(rating=meeting.rating, note=meeting.follow_up_note)
        form = RatingForm(initial=initial, meeting=meeting)
    invitations = list(
        OfferInvitation.objects.filter(student=student, offer__company=request.company)
        .select_related("offer")
        .order_by("-created_at", "-pk")
    )
    for invitation in invitations:
        invitation.state_label = invitation_state_label(invitation)
    context = {
        "company": request.company,
        "meeting": meeting,
        "day": meeting.meeting_day,
        "student": student,
        "starts_at": meeting_start(meeting),
        "started": started,
        "form": form,
        "has_offers": form.fields["offer"].queryset.exists(),
        "invitations": invitations,
    }
    return render(request, "events/company/meeting_rate.html", context)
