from django.urls import path

from companies import directory_views, needs_views, team_views, views

app_name = "companies"

urlpatterns = [
    path("company/", views.area, name="area"),
    path("company/profile/", views.profile, name="profile"),
    path("company/join/", views.join_request, name="join_request"),
    path("company/resubmit/", views.resubmit, name="resubmit"),
    path("company/team/", team_views.team_page, name="team"),
    path("company/team/invite/", team_views.team_invite, name="team_invite"),
    path("company/team/members/<int:pk>/", team_views.member_action, name="member_action"),
    path(
        "company/team/invitations/<int:pk>/revoke/",
        team_views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("company/team/leave/", team_views.team_leave, name="team_leave"),
    path("company/join/<str:token>/", team_views.invitation_accept, name="invitation_accept"),
    path("company/needs/", needs_views.need_list, name="need_list"),
    path("company/needs/new/", needs_views.need_create, name="need_create"),
    path("company/needs/<int:pk>/", needs_views.need_update, name="need_update"),
    path("companies/", directory_views.company_list, name="company_list"),
    path("companies/<slug:slug>/", directory_views.company_detail, name="company_detail"),
]
