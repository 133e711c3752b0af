"""The student's applications: the list, one application with its history, withdrawing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campus_portal.roles import role_required
from jobboard.applying import withdraw
from jobboard.models import Application, Offer


def own_applications(request):
    return Application.objects.filter(student__user=request.user).select_related("offer__company")


def readable_offer_ids(request) -> set[int]:
    """The offers of the student's applications whose page still answers."""
    return set(
        Offer.objects.readable()
        .filter(applications__student__user=request.user)
        .values_list("pk", flat=True)
    )


@role_required("student")
def my_application_list(request):
    applications = (
        own_applications(request)
        .annotate(
            closed_rank=Case(
                When(status__in=Application.OPEN_STATUSES, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("closed_rank", "-created_at", "-pk")
    )
    context = {"applications": applications, "readable_offers": readable_offer_ids(request)}
    return render(request, "jobboard/my_application_list.html", context)


@role_required("student")
def my_application_detail(request, pk):
    application = get_object_or_404(own_applications(request), pk=pk)
    context = {
        "application": application,
        # Only dates and statuses: the company's notes are internal to it.
        "events": application.events.all(),
        "offer_is_readable": Offer.objects.readable().filter(pk=application.offer_id).exists(),
        "confirm_withdraw": application.is_open and request.GET.get("withdraw") == "confirm",
    }
    return render(request, "jobboard/my_application_detail.html", context)


@require_POST
@role_required("student")
def my_application_withdraw(request, pk):
    application = get_object_or_404(own_applications(request), pk=pk)
    try:
        withdraw(application=application, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Ta candidature est retirée. L'entreprise en a été informée."))
    return redirect("jobboard:my_application_detail", pk=application.pk)
