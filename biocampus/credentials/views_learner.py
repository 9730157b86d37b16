"""A learner's credentials, and the files anyone holding a credential's id may download."""

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from biocampus.common.pages import paginate
from biocampus.credentials.baking import baked_badge
from biocampus.credentials.models import Credential
from biocampus.credentials.queries import credential_state
from biocampus.credentials.sharing import linkedin_url, skills_of
from biocampus.credentials.views import JSON_LD, VC_JWT, credential_or_404


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    page = paginate(
        request,
        Credential.objects.filter(learner=request.user).exclude(jwt="").select_related("issuer"),
        20,
    )
    rows = [
        {
            "credential": c,
            "state": credential_state(c),
            "skills": skills_of(c),
            "linkedin": linkedin_url(c),
        }
        for c in page
    ]
    return render(request, "credentials/mine.html", {"page": page, "rows": rows})


def _download(content: bytes | str, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def badge(request: HttpRequest, credential_id) -> HttpResponse:
    """The badge image with the credential baked in."""
    found = credential_or_404(credential_id)
    return _download(baked_badge(found), "image/png", f"badge-{found.id}.png")


@require_GET
def download_json(request: HttpRequest, credential_id) -> HttpResponse:
    found = credential_or_404(credential_id)
    text = json.dumps(found.document, ensure_ascii=False, indent=2)
    return _download(text, JSON_LD, f"credential-{found.id}.json")


@require_GET
def download_jwt(request: HttpRequest, credential_id) -> HttpResponse:
    found = credential_or_404(credential_id)
    return _download(found.jwt, VC_JWT, f"credential-{found.id}.jwt")
