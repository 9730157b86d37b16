from django.http import HttpRequest
from ninja import Router, Status

from biocampus.accounts.access import get_api_token_for_user
from biocampus.accounts.services import api_token_issue, api_token_revoke
from biocampus.api.auth import BearerToken
from biocampus.api.schemas import Error, TokenIn, TokenOut

router = Router(tags=["auth"])


@router.post(
    "/token",
    response={200: TokenOut, 401: Error, 403: Error, 422: Error, 429: Error},
    auth=None,
)
def issue_token(request: HttpRequest, payload: TokenIn):
    """Exchange e-mail and password for a personal API token (shown once). Failed attempts
    are limited per client address and per account, as on the login page (429
    `throttled`); an unverified e-mail address is a 403 `email_unverified`."""
    _token, raw = api_token_issue(
        request=request, email=payload.email, password=payload.password, name=payload.name
    )
    return {"token": raw}


@router.delete("/token", response={204: None, 401: Error}, auth=BearerToken())
def revoke_token(request: HttpRequest):
    """Revoke the token this request is signed with."""
    token = get_api_token_for_user(request.user, request.api_token)
    api_token_revoke(actor=request.user, token_id=token.pk)
    return Status(204, None)
