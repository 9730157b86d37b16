from django.http import HttpRequest
from ninja import Router, Status

from biocampus.accounts.models import ApiToken
from biocampus.accounts.services import _digest, api_token_issue, api_token_revoke
from biocampus.api.auth import BearerToken
from biocampus.api.schemas import Error, TokenIn, TokenOut

router = Router(tags=["auth"])


@router.post("/token", response={200: TokenOut, 401: Error, 422: Error}, auth=None)
def issue_token(request: HttpRequest, payload: TokenIn):
    """Exchange e-mail and password for a personal API token (shown once)."""
    _token, raw = api_token_issue(email=payload.email, password=payload.password, name=payload.name)
    return {"token": raw}


@router.delete("/token", response={204: None, 401: Error}, auth=BearerToken())
def revoke_token(request: HttpRequest):
    """Revoke the token this request is signed with."""
    token = ApiToken.objects.get(digest=_digest(request.api_token))
    api_token_revoke(actor=request.user, token_id=token.pk)
    return Status(204, None)
