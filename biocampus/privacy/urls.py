from django.urls import path

from biocampus.privacy import views

app_name = "privacy"
urlpatterns = [
    path("privacy/", views.policy, name="policy"),
    path("account/privacy/", views.privacy_settings, name="settings"),
    path("account/privacy/export/", views.export_start, name="export"),
    path("account/privacy/export/download/", views.export_download, name="download"),
]
