"""Look-ups of a user's own account objects."""

from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import ApiToken, User
from biocampus.common.errors import NotFound
from biocampus.common.tokens import token_digest


def get_api_token_for_user(user: User, raw: str) -> ApiToken:
    """The user's own token behind a raw bearer token."""
    token = ApiToken.objects.filter(digest=token_digest(raw), user=user).first()
    if token is None:
        raise NotFound(_("Not found."))
    return token
