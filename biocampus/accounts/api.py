from django.http import HttpRequest
from ninja import Router, Status

from biocampus.accounts.access import get_api_token_for_user, get_token_for_user
from biocampus.accounts.queries import tokens_of
from biocampus.accounts.services import api_token_issue, api_token_revoke
from biocampus.api.auth import BearerToken, authenticated
from biocampus.api.bounds import PathId
from biocampus.api.schemas import Error, TokenIn, TokenInfoOut, TokenOut

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
    token, raw = api_token_issue(
        request=request,
        email=payload.email,
        password=payload.password,
        name=payload.name,
        days=payload.days,
    )
    return {"token": raw, "expires_at": token.expires_at}


@router.delete("/token", response={204: None, 401: Error}, auth=BearerToken())
def revoke_token(request: HttpRequest):
    """Revoke the token this request is signed with."""
    token = get_api_token_for_user(request.user, request.api_token)
    api_token_revoke(actor=request.user, token_id=token.pk)
    return Status(204, None)


@router.get("/tokens", response={200: list[TokenInfoOut], 401: Error}, auth=authenticated)
def my_tokens(request: HttpRequest):
    """Your API tokens, newest first: name, last use, expiry, whether revoked."""
    return [
        {
            "id": t.pk,
            "name": t.name,
            "prefix": t.prefix,
            "created_at": t.created_at,
            "last_used_at": t.last_used_at,
            "expires_at": t.expires_at,
            "revoked_at": t.revoked_at,
            "active": t.active,
        }
        for t in tokens_of(request.user)[:200]
    ]


@router.delete(
    "/tokens/{token_id}", response={204: None, 401: Error, 404: Error}, auth=authenticated
)
def revoke_one(request: HttpRequest, token_id: PathId):
    """Revoke one of your tokens."""
    api_token_revoke(actor=request.user, token_id=get_token_for_user(request.user, token_id).pk)
    return Status(204, None)
