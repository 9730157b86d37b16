from django.urls import path

from biocampus.credentials import views

app_name = "credentials"
urlpatterns = [
    path("issuers/<int:issuer_id>/", views.issuer, name="issuer"),
    path("issuers/<int:issuer_id>/did.json", views.did, name="did"),
    path("issuers/<int:issuer_id>/jwks.json", views.jwks, name="jwks"),
    path("status/<int:list_id>/", views.status_list, name="status_list"),
    path("achievements/<int:programme_id>/", views.achievement_view, name="achievement"),
    path("<uuid:credential_id>/", views.credential, name="credential"),
]
