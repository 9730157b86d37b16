"""The public documents of credentials: issuers' profiles, DID documents and key sets,
status lists, achievements, and each credential (JSON-LD, or its JWT on request)."""

import json

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from biocampus.accounts.models import Organisation
from biocampus.catalog.models import Programme
from biocampus.credentials.documents import achievement, did_document, issuer_profile
from biocampus.credentials.keys import published_keys
from biocampus.credentials.models import Credential, StatusList
from biocampus.credentials.queries import issuer_or_none, readable_credential
from biocampus.credentials.signing import sign
from biocampus.credentials.status import status_list_document
from biocampus.credentials.views_verify import shared_page

JSON_LD = "application/ld+json"
VC_JWT = "application/vc+jwt"


def _issuer(issuer_id: int) -> Organisation:
    found = issuer_or_none(issuer_id)
    if found is None:
        raise Http404
    return found


def json_response(data: dict, content_type: str = "application/json") -> HttpResponse:
    response = JsonResponse(
        data, content_type=content_type, json_dumps_params={"ensure_ascii": False}
    )
    response["Access-Control-Allow-Origin"] = "*"  # verifiers anywhere fetch these
    return response


@require_GET
def issuer(request: HttpRequest, issuer_id: int) -> HttpResponse:
    return json_response(issuer_profile(_issuer(issuer_id)), JSON_LD)


@require_GET
def did(request: HttpRequest, issuer_id: int) -> HttpResponse:
    organisation = _issuer(issuer_id)
    return json_response(
        did_document(organisation, published_keys(organisation)), "application/did+json"
    )


@require_GET
def jwks(request: HttpRequest, issuer_id: int) -> HttpResponse:
    return json_response({"keys": published_keys(_issuer(issuer_id))}, "application/jwk-set+json")


@require_GET
def status_list(request: HttpRequest, list_id: int) -> HttpResponse:
    """The list as a signed VC-JWT by default, its JSON with Accept: application/json."""
    found = get_object_or_404(StatusList.objects.select_related("issuer"), pk=list_id)
    document = status_list_document(found)
    if "json" in request.headers.get("Accept", ""):
        return json_response(document, JSON_LD)
    key = found.issuer.signing_keys.filter(retired_at__isnull=True).first()
    if key is None:
        raise Http404
    response = HttpResponse(sign(document, key), content_type=VC_JWT)
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "max-age=300"
    return response


@require_GET
def achievement_view(request: HttpRequest, programme_id: int) -> HttpResponse:
    if not Credential.objects.filter(programme_id=programme_id).exists():
        raise Http404
    return json_response(achievement(get_object_or_404(Programme, pk=programme_id)), JSON_LD)


@require_GET
def credential(request: HttpRequest, credential_id) -> HttpResponse:
    """Anyone holding its address may read a credential: that is what sharing it means
    (it names the learner only by a salted hash of their e-mail)."""
    found = credential_or_404(credential_id)
    accept = request.headers.get("Accept", "")
    # A person opening a shared link sees a page; a verifier gets the credential.
    response = (
        shared_page(request, found)
        if "text/html" in accept and VC_JWT not in accept
        else credential_response(found, accept)
    )
    response["Vary"] = "Accept"
    return response


def credential_or_404(credential_id) -> Credential:
    found = readable_credential(credential_id)
    if found is None:
        raise Http404
    return found


def credential_response(credential: Credential, accept: str) -> HttpResponse:
    """The credential's JWT when asked for application/vc+jwt, else its JSON-LD."""
    if VC_JWT in accept:
        return HttpResponse(credential.jwt, content_type=VC_JWT)
    return HttpResponse(
        json.dumps(credential.document, ensure_ascii=False, indent=2), content_type=JSON_LD
    )
