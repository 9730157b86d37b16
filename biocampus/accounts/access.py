"""Look-ups of a user's own account objects and organisations."""

from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import ApiToken, Membership, Organisation, User
from biocampus.accounts.roles import is_campus_admin
from biocampus.common.errors import NotFound
from biocampus.common.tokens import token_digest


def get_api_token_for_user(user: User, raw: str) -> ApiToken:
    """The user's own token behind a raw bearer token."""
    token = ApiToken.objects.filter(digest=token_digest(raw), user=user).first()
    if token is None:
        raise NotFound(_("Not found."))
    return token


def get_organisation_for_user(user: User, organisation_id: int) -> Organisation:
    """An organisation the user belongs to (any, for a campus admin)."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None or not (
        is_campus_admin(user)
        or Membership.objects.filter(user=user, organisation=organisation).exists()
    ):
        raise NotFound(_("Not found."))
    return organisation


def get_token_for_user(user: User, token_id: int) -> ApiToken:
    """One of the user's own API tokens."""
    token = ApiToken.objects.filter(pk=token_id, user_id=getattr(user, "pk", None)).first()
    if token is None:
        raise NotFound(_("Not found."))
    return token
