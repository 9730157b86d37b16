from django.urls import path

from biocampus.outbox import views

app_name = "outbox"
urlpatterns = [
    path("account/notifications/", views.preferences, name="preferences"),
    path(
        "account/notifications/unsubscribe/<str:token>/",
        views.unsubscribe_link,
        name="unsubscribe",
    ),
]
