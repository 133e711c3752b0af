from django.urls import path

from jobboard import (
    my_application_views,
    offer_page_views,
    offer_views,
    pipeline_views,
    saved_views,
    search_views,
    talent_views,
)

app_name = "jobboard"

urlpatterns = [
    path("company/offers/", offer_views.company_offer_list, name="company_offer_list"),
    path("company/offers/new/", offer_views.company_offer_create, name="company_offer_create"),
    path("company/offers/<int:pk>/", offer_views.company_offer_update, name="company_offer_update"),
    path(
        "company/offers/<int:pk>/preview/",
        offer_views.company_offer_preview,
        name="company_offer_preview",
    ),
    path(
        "company/offers/<int:pk>/submit/",
        offer_views.company_offer_submit,
        name="company_offer_submit",
    ),
    path(
        "company/offers/<int:pk>/close/",
        offer_views.company_offer_close,
        name="company_offer_close",
    ),
    path("jobs/", search_views.offer_list, name="offer_list"),
    path("jobs/feed/", search_views.offer_feed, name="offer_feed"),
    path("jobs/<int:pk>/", offer_page_views.offer_detail, name="offer_detail"),
    path("jobs/<int:pk>/apply/", offer_page_views.offer_apply, name="offer_apply"),
    path("me/applications/", my_application_views.my_application_list, name="my_application_list"),
    path(
        "me/applications/<int:pk>/",
        my_application_views.my_application_detail,
        name="my_application_detail",
    ),
    path(
        "me/applications/<int:pk>/withdraw/",
        my_application_views.my_application_withdraw,
        name="my_application_withdraw",
    ),
    path(
        "company/applications/",
        pipeline_views.company_application_list,
        name="company_application_list",
    ),
    path(
        "company/applications/<int:pk>/",
        pipeline_views.company_application_detail,
        name="company_application_detail",
    ),
    path(
        "company/applications/<int:pk>/cv/",
        pipeline_views.company_application_cv,
        name="company_application_cv",
    ),
    path("me/saved/", saved_views.saved_offer_list, name="saved_offer_list"),
    path("me/saved/alert/", saved_views.offer_alert_update, name="offer_alert_update"),
    path("jobs/<int:pk>/save/", saved_views.offer_save_toggle, name="offer_save_toggle"),
    path(
        "alerts/unsubscribe/<str:token>/",
        saved_views.alert_unsubscribe,
        name="alert_unsubscribe",
    ),
    path("company/talent/", talent_views.talent_search, name="talent_search"),
    path("company/talent/<uuid:public_id>/", talent_views.talent_profile, name="talent_profile"),
    path(
        "company/talent/<uuid:public_id>/invite/",
        talent_views.talent_invite,
        name="talent_invite",
    ),
    path("me/invitations/", talent_views.my_invitation_list, name="my_invitation_list"),
    path(
        "me/invitations/<int:pk>/",
        talent_views.my_invitation_detail,
        name="my_invitation_detail",
    ),
    path(
        "me/invitations/<int:pk>/decline/",
        talent_views.my_invitation_decline,
        name="my_invitation_decline",
    ),
]
