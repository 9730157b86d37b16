from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from biocampus.accounts.services import api_token_user


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_user(raw=token)
        if user is not None:
            request.user = user
            request.api_token = token
        return user


class BrowserSession(SessionAuth):
    """The signed-in browser user (CSRF-checked), for pages that call the API."""

    def _get_key(self, request: HttpRequest):
        # Nobody signed in: there is no session to protect, so no CSRF check, and the
        # request stays anonymous (401). ninja checked CSRF first and answered a POST
        # without any credentials with a 403.
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key):
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


authenticated = [BearerToken(), BrowserSession()]


class Anyone:
    """Lets an anonymous request through after the others found no credentials, so a
    public route still sees a signed-in caller (their own drafts, say)."""

    def __call__(self, request: HttpRequest) -> bool:
        return True


# Public routes that show more to a signed-in caller (owners see their drafts).
optional = [BearerToken(), BrowserSession(), Anyone()]
# How the schema says it: django-ninja lists the two credentials; this adds "or none".
OPTIONAL_SECURITY = {"security": [{}]}
