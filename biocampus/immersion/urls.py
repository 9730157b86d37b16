from django.urls import path

from biocampus.immersion import views

app_name = "immersion"
urlpatterns = [
    path("", views.formats_page, name="formats"),
    path("request/", views.request_page, name="request"),
    path("visits/", views.my_visits, name="my_visits"),
    path("visits/<int:visit_id>/", views.visit_page, name="visit"),
    path("visits/<int:visit_id>/plan.pdf", views.visit_pdf, {"kind": "plan"}, name="plan_pdf"),
    path(
        "visits/<int:visit_id>/certificates.pdf",
        views.visit_pdf,
        {"kind": "certificates"},
        name="certificates_pdf",
    ),
    path("campus/", views.campus_page, name="campus"),
    path("reach/", views.reach_page, name="reach"),
    path("days/<str:date>/", views.day_page, name="day"),
    path("plans/<int:plan_id>/stations.pdf", views.plan_stations_pdf, name="stations_pdf"),
]
