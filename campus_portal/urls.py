"""Root URLs: language-prefixed pages, and the few that calendars and machines call."""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from campus_portal import dashboard_views, views
from events import schedule_views

# Staff log in through allauth too: its rate limits (and, later, MFA) apply to the admin.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("Campus Portal – administration")
admin.site.site_title = _("Campus Portal")
admin.site.index_title = _("Gestion du portail")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Calendar apps have no language and no session: the feed is not prefixed.
    path("calendar/<str:token>.ics", schedule_views.calendar_feed, name="calendar_feed"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    # Before the admin's own URLs, which would answer 404 for it; admin_view applies the
    # admin's login and staff checks, the view the dashboard permission.
    path(
        "admin/dashboard/",
        admin.site.admin_view(dashboard_views.dashboard_view),
        name="admin_dashboard",
    ),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("campus/", views.CampusView.as_view(), name="campus"),
    path("help/", views.HelpView.as_view(), name="help"),
    path("privacy/", views.PrivacyView.as_view(), name="privacy"),
    path("accessibility/", views.AccessibilityView.as_view(), name="accessibility"),
    path("accounts/", include("allauth.urls")),
    path("account/data/", views.account_data, name="account_data"),
    path("account/data/export/", views.account_data_export, name="account_data_export"),
    path("account/delete/", views.account_delete, name="account_delete"),
    path("", include("students.urls")),
    path("", include("companies.urls")),
    path("", include("jobboard.urls")),
    path("", include("events.urls")),
    prefix_default_language=True,
)

if settings.BENCH_FLOOR:
    urlpatterns.append(path("bench/floor/", views.bench_floor, name="bench_floor"))

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
