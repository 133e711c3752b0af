"""Site pages, the landing of each role, the language switch, health check and error pages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from django.views.i18n import set_language as django_set_language

from campus_portal import home_sections, personal_data
from campus_portal.forms import DeleteAccountForm
from campus_portal.models import SchoolOffice


class HomeView(TemplateView):
    template_name = "campus_portal/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(sections=home_sections.sections(self.request), **kwargs)


class OfficeContextMixin:
    def get_context_data(self, **kwargs):
        # Read, never create, on a GET: staff fill the row in the admin.
        office = SchoolOffice.objects.first() or SchoolOffice()
        return super().get_context_data(office=office, **kwargs)


class CampusView(OfficeContextMixin, TemplateView):
    template_name = "campus_portal/campus.html"


class HelpView(OfficeContextMixin, TemplateView):
    template_name = "campus_portal/help.html"


class PrivacyView(OfficeContextMixin, TemplateView):
    template_name = "campus_portal/privacy.html"


class AccessibilityView(OfficeContextMixin, TemplateView):
    template_name = "campus_portal/accessibility.html"


@require_POST
def set_language(request):
    """Django's language switch, which also remembers the choice on the user's account."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        request.user.preferred_language = language
        request.user.save(update_fields=["preferred_language"])
    return response


@never_cache
def healthz(request):
    """200 when the database answers, 503 when it does not; for the load balancer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def bench_floor(request):
    """The cheapest answer the portal can give through all its middleware: the benchmark
    measures each page against it (routed only with DJANGO_BENCH_FLOOR=true)."""
    return HttpResponse("ok\n", content_type="text/plain")


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


@login_required
def account_data(request):
    """Download one's data, or delete one's account (students and company members alike)."""
    form = DeleteAccountForm(user=request.user)
    return render(request, "campus_portal/account_data.html", {"form": form})


@login_required
def account_data_export(request):
    data = {
        "exported_at": timezone.now().isoformat(),
        "portal": "Campus Portal",
        **personal_data.export_user(request.user),
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    filename = f"campus-portal-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def account_delete(request):
    form = DeleteAccountForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(request, "campus_portal/account_data.html", {"form": form}, status=200)
    if request.user.is_staff:
        # Staff accounts are removed by other staff, so that decisions stay accountable.
        messages.error(
            request, _("Un compte du personnel est supprimé par un autre membre du personnel.")
        )
        return redirect("account_data")
    user = request.user
    logout(request)
    personal_data.erase_user(user)
    messages.success(request, _("Votre compte et vos données ont été supprimés."))
    return redirect("home")
