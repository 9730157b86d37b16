from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Status
from ninja.throttling import AnonRateThrottle

from biocampus.accounts.access import get_api_token_for_user
from biocampus.accounts.services import api_token_issue, api_token_revoke
from biocampus.api.auth import BearerToken
from biocampus.api.schemas import Error, TokenIn, TokenOut

router = Router(tags=["auth"])


class PasswordAttemptThrottle(AnonRateThrottle):
    """Password guesses per client address; the count lives in the configured cache."""

    scope = "password"

    def __init__(self):
        super().__init__(settings.API_PASSWORD_ATTEMPT_RATE)

    def allow_request(self, request: HttpRequest) -> bool:
        # Read per request so the setting can change without re-importing the routes.
        self.num_requests, self.duration = self.parse_rate(settings.API_PASSWORD_ATTEMPT_RATE)
        return super().allow_request(request)


@router.post(
    "/token",
    response={200: TokenOut, 401: Error, 422: Error, 429: Error},
    auth=None,
    throttle=PasswordAttemptThrottle(),
)
def issue_token(request: HttpRequest, payload: TokenIn):
    """Exchange e-mail and password for a personal API token (shown once)."""
    _token, raw = api_token_issue(email=payload.email, password=payload.password, name=payload.name)
    return {"token": raw}


@router.delete("/token", response={204: None, 401: Error}, auth=BearerToken())
def revoke_token(request: HttpRequest):
    """Revoke the token this request is signed with."""
    token = get_api_token_for_user(request.user, request.api_token)
    api_token_revoke(actor=request.user, token_id=token.pk)
    return Status(204, None)
