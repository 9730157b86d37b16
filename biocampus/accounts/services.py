import datetime as dt
import secrets

from django.contrib.auth import authenticate
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import ApiToken, Membership, Organisation, User
from biocampus.common.audit import audit
from biocampus.common.errors import DomainError
from biocampus.common.tokens import token_digest

TOKEN_PREFIX = "bc_"  # noqa: S105 - a public prefix, not a secret


class InvalidCredentials(DomainError):
    status = 401
    code = "invalid_credentials"


def api_token_issue(*, email: str, password: str, name: str = "API") -> tuple[ApiToken, str]:
    """Check the credentials and issue a new token; returns (token row, raw token)."""
    user = authenticate(email=email.strip().lower(), password=password)
    if user is None or not user.is_active:
        raise InvalidCredentials(_("E-mail address or password is incorrect."))
    return api_token_create(user=user, name=name)


def api_token_create(*, user: User, name: str = "API") -> tuple[ApiToken, str]:
    """A new token for `user`; returns (token row, raw token). Only the digest is kept."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name[:100] or "API", digest=token_digest(raw), prefix=raw[:10]
        )
        audit(user, "api_token.issue", token)
    return token, raw


# Plain SQL: every API request authenticates, and compiling the equivalent ORM join cost
# more CPU than running it. `token_stale` says whether last_used_at needs a write.
_API_USER_SQL = (
    "SELECT u.*, t.id AS token_id, "
    "CASE WHEN t.last_used_at IS NULL OR t.last_used_at < %s THEN 1 ELSE 0 END AS token_stale "
    "FROM accounts_user u JOIN accounts_apitoken t ON t.user_id = u.id "
    "WHERE t.digest = %s AND t.revoked_at IS NULL AND u.is_active"
)
TOKEN_USE_RESOLUTION = dt.timedelta(minutes=5)


def api_token_user(*, raw: str) -> User | None:
    """The active user a raw token belongs to, or None if it is unknown or revoked."""
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    now = timezone.now()
    stale_before = connection.ops.adapt_datetimefield_value(now - TOKEN_USE_RESOLUTION)
    user = next(iter(User.objects.raw(_API_USER_SQL, [stale_before, token_digest(raw)])), None)
    if user is None:
        return None
    # Only write when stale, so a burst of API calls does not update the row each time.
    if user.token_stale:
        ApiToken.objects.filter(pk=user.token_id).update(last_used_at=now)
    return user


def api_token_revoke(*, actor: User, token_id: int) -> ApiToken:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token_id, user=actor)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit(actor, "api_token.revoke", token)
    return token


def membership_add(
    *, actor: User | None, user: User, organisation: Organisation, role: str
) -> Membership:
    with transaction.atomic():
        membership, _created = Membership.objects.update_or_create(
            user=user, organisation=organisation, defaults={"role": role}
        )
        audit(actor, "membership.set", membership, role=role)
    return membership


def user_profile_set(
    *, actor: User, full_name: str, audience: str, preferred_language: str
) -> User:
    """The name, audience and language a person gives when signing up."""
    actor.full_name = full_name.strip()[:150]
    actor.audience = audience
    actor.preferred_language = preferred_language
    actor.save(update_fields=["full_name", "audience", "preferred_language"])
    return actor
