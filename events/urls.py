from django.urls import path  # noqa: F401 - the routes are added below

app_name = "events"

urlpatterns = [
    # public routes
    # company participation routes
    # student registration routes
    # schedule routes
    # checkin routes
    # followup routes
]
