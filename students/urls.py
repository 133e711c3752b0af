from django.urls import path

from students import views

app_name = "students"

urlpatterns = [
    path("tracks/", views.TrackListView.as_view(), name="track_list"),
    path("tracks/<slug:slug>/", views.TrackDetailView.as_view(), name="track_detail"),
    path("join/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("me/", views.area, name="area"),
    path("me/profile/", views.profile_edit, name="profile_edit"),
    path("me/cv/", views.cv_manage, name="cv_manage"),
    path("me/privacy/", views.privacy, name="privacy"),
    path("me/confirm-year/", views.confirm_year, name="confirm_year"),
    path("students/<uuid:public_id>/", views.profile_detail, name="profile_detail"),
    path("students/<uuid:public_id>/cv/", views.cv_download, name="cv_download"),
]
