from django.urls import path

from biocampus.credentials import (
    views,
    views_assessments,
    views_issuer,
    views_learner,
    views_verify,
)

app_name = "credentials"
urlpatterns = [
    path("mine/", views_learner.mine, name="mine"),
    path("verify/", views_verify.verify_page, name="verify"),
    path("issued/", views_issuer.issued, name="issued"),
    path("issued/<uuid:credential_id>/revoke/", views_issuer.revoke, name="revoke"),
    path("issued/<uuid:credential_id>/suspend/", views_issuer.suspend, name="suspend"),
    path("issued/<uuid:credential_id>/reinstate/", views_issuer.reinstate, name="reinstate"),
    path("issued/<uuid:credential_id>/reissue/", views_issuer.reissue, name="reissue"),
    path("assessments/", views_assessments.assessments, name="assessments"),
    path(
        "assessments/<int:assessment_id>/pass/",
        views_assessments.assessment_pass,
        name="assessment_pass",
    ),
    path("assessments/<int:assessment_id>/", views_assessments.achievement, name="assessment"),
    path("issuers/<int:issuer_id>/", views.issuer, name="issuer"),
    path("issuers/<int:issuer_id>/did.json", views.did, name="did"),
    path("issuers/<int:issuer_id>/jwks.json", views.jwks, name="jwks"),
    path("status/<int:list_id>/", views.status_list, name="status_list"),
    path("achievements/<int:programme_id>/", views.achievement_view, name="achievement"),
    path("<uuid:credential_id>/", views.credential, name="credential"),
    path("<uuid:credential_id>/badge.png", views_learner.badge, name="badge"),
    path("<uuid:credential_id>/credential.json", views_learner.download_json, name="json"),
    path("<uuid:credential_id>/credential.jwt", views_learner.download_jwt, name="jwt"),
]
