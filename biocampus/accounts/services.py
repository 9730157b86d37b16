import datetime as dt
import secrets

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.be import vat

from biocampus.accounts.models import (
    ApiToken,
    Membership,
    Organisation,
    OrganisationKind,
    User,
    Verification,
)
from biocampus.accounts.roles import company_admin_org_ids, is_campus_admin
from biocampus.common.audit import audit
from biocampus.common.errors import Conflict, DomainError, Forbidden, TooMany
from biocampus.common.tokens import token_digest

# Says what a valid number looks like without seeming to echo what was typed.
INVALID_ENTERPRISE_NUMBER = _(
    "That enterprise number is not valid: a Belgian one has ten digits, the last two a "
    "check on the others (written 0xxx.xxx.xxx)."
)
TOKEN_PREFIX = "bc_"  # noqa: S105 - a public prefix, not a secret
MAX_TOKEN_DAYS = 365


class InvalidCredentials(DomainError):
    status = 401
    code = "invalid_credentials"


class TooManyAttempts(TooMany):
    code = "throttled"


def api_token_issue(
    *,
    request: HttpRequest,
    email: str,
    password: str,
    name: str = "API",
    days: int | None = None,
) -> tuple[ApiToken, str]:
    """Check the credentials and issue a new token; returns (token row, raw token).

    The password check goes through allauth, as the login page's does, so both share the
    same limits on failed attempts, per client address and per account, in the shared
    cache: a correct password never counts. With mandatory verification, an account whose
    e-mail address is not verified gets no token, as it gets no session."""
    try:
        user = get_adapter(request).authenticate(
            request, email=email.strip().lower(), password=password
        )
    except ValidationError as exc:  # allauth's "too many login attempts"
        raise TooManyAttempts(_("Too many failed attempts. Wait a few minutes.")) from exc
    if user is None or not user.is_active:
        raise InvalidCredentials(_("E-mail address or password is incorrect."))
    if settings.ACCOUNT_EMAIL_VERIFICATION == "mandatory" and not (
        EmailAddress.objects.filter(user=user, verified=True).exists()
    ):
        raise Forbidden(
            _("Verify your e-mail address first: follow the link we sent you."),
            code="email_unverified",
        )
    return api_token_create(user=user, name=name, days=days)


def api_token_create(
    *, user: User, name: str = "API", days: int | None = None
) -> tuple[ApiToken, str]:
    """A new token for `user`, valid `days` days (API_TOKEN_DAYS by default); returns
    (token row, raw token). Only the digest is kept."""
    days = days or settings.API_TOKEN_DAYS
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise DomainError(
            _("A token lasts 1 to %(n)d days.") % {"n": MAX_TOKEN_DAYS}, code="invalid_days"
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name.strip()[:100] or "API",
            digest=token_digest(raw),
            prefix=raw[:10],
            expires_at=timezone.now() + dt.timedelta(days=days),
        )
        audit(user, "api_token.issue", token, days=days)
    return token, raw


# Plain SQL: every API request authenticates, and compiling the equivalent ORM join cost
# more CPU than running it. `token_stale` says whether last_used_at needs a write.
_API_USER_SQL = (
    "SELECT u.*, t.id AS token_id, "
    "CASE WHEN t.last_used_at IS NULL OR t.last_used_at < %(stale)s THEN 1 ELSE 0 END "
    "AS token_stale "
    "FROM accounts_user u JOIN accounts_apitoken t ON t.user_id = u.id "
    "WHERE t.digest = %(digest)s AND t.revoked_at IS NULL AND u.is_active "
    "AND t.expires_at > %(now)s"
)
# PostgreSQL looks the token up and records its use in one round trip: the UPDATE in the
# WITH runs once whether or not the outer query reads it. In an enrolment rush this was
# one of the request's eleven round trips, each paid in kernel and driver CPU.
# `hit` is the token's row (none when it is unknown, expired, revoked or its user
# inactive); the lean enrolment route puts the same two CTEs before its own statement.
API_USER_CTES = (
    "hit AS ("
    " SELECT t.id, t.user_id, (t.last_used_at IS NULL OR t.last_used_at < %(stale)s) AS stale"
    " FROM accounts_apitoken t JOIN accounts_user u ON u.id = t.user_id"
    " WHERE t.digest = %(digest)s AND t.revoked_at IS NULL AND u.is_active"
    " AND t.expires_at > %(now)s"
    "), touched AS ("
    " UPDATE accounts_apitoken SET last_used_at = %(now)s"
    " WHERE id IN (SELECT id FROM hit WHERE stale) RETURNING id"
    ") "
)
_API_USER_TOUCH_SQL = (
    "WITH " + API_USER_CTES + "SELECT u.*, hit.id AS token_id, 0 AS token_stale "
    "FROM accounts_user u JOIN hit ON hit.user_id = u.id"
)
TOKEN_USE_RESOLUTION = dt.timedelta(minutes=5)


def token_hit_params(raw: str, now: dt.datetime) -> dict:
    """The parameters of API_USER_CTES (and of the SQLite look-up) for a raw token."""
    adapt = connection.ops.adapt_datetimefield_value
    return {
        "stale": adapt(now - TOKEN_USE_RESOLUTION),
        "digest": token_digest(raw),
        "now": adapt(now),
    }


def api_token_user(*, raw: str) -> User | None:
    """The active user a raw token belongs to, or None if it is unknown, expired or
    revoked. Records the token's use (to TOKEN_USE_RESOLUTION)."""
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    now = timezone.now()
    params = token_hit_params(raw, now)
    sql = _API_USER_TOUCH_SQL if connection.vendor == "postgresql" else _API_USER_SQL
    # On the primary database, whatever a router says about reads: the statement writes.
    user = next(iter(User.objects.db_manager(DEFAULT_DB_ALIAS).raw(sql, params)), None)
    if user is None:
        return None
    # Only write when stale, so a burst of API calls does not update the row each time.
    if user.token_stale:
        ApiToken.objects.filter(pk=user.token_id).update(last_used_at=now)
    return user


def api_tokens_revoke_all(*, user: User, reason: str) -> int:
    """Revoke every live token of `user` (their password changed, or the account was
    deactivated): a token must not outlive the credentials it was issued against."""
    with transaction.atomic():
        live = list(
            ApiToken.objects.filter(user=user, revoked_at=None).values_list("pk", flat=True)
        )
        ApiToken.objects.filter(pk__in=live).update(revoked_at=timezone.now())
        if live:
            audit(user, "api_token.revoke_all", user, reason=reason, tokens=len(live))
    return len(live)


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


def language_preference_set(*, actor: User, language: str) -> None:
    """The language of the person's pages and e-mails."""
    if actor.preferred_language != language:
        User.objects.filter(pk=actor.pk).update(preferred_language=language)
        actor.preferred_language = language


def _lock_organisation(organisation_id: int) -> Organisation:
    # One decision at a time per organisation: a request and a verdict never cross.
    return Organisation.objects.select_for_update().get(pk=organisation_id)


def organisation_verification_request(
    *, actor: User, organisation: Organisation, enterprise_number: str
) -> Organisation:
    """A company's administrator asks the campus to verify it as an employer, giving its
    Belgian enterprise number. A suspended company asks again the same way."""
    if organisation.pk not in company_admin_org_ids(actor):
        raise Forbidden(_("Only an administrator of the company asks for its verification."))
    number = enterprise_number.strip()
    if not number or not vat.is_valid(number):
        raise DomainError(
            INVALID_ENTERPRISE_NUMBER,
            code="invalid_enterprise_number",
        )
    with transaction.atomic():
        locked = _lock_organisation(organisation.pk)
        if locked.verification in (Verification.REQUESTED, Verification.VERIFIED):
            raise Conflict(
                _("This company is already verified or waiting for the campus."),
                code="already_requested",
            )
        locked.enterprise_number = vat.compact(number)
        locked.verification = Verification.REQUESTED
        locked.verification_requested_at = timezone.now()
        locked.save(
            update_fields=["enterprise_number", "verification", "verification_requested_at"]
        )
        audit(actor, "organisation.verification_request", locked, number=locked.enterprise_number)
    return locked


def _verdict(actor: User, organisation: Organisation, state: str, note: str) -> Organisation:
    if not is_campus_admin(actor):
        raise Forbidden(_("Only the campus verifies employers."))
    with transaction.atomic():
        locked = _lock_organisation(organisation.pk)
        if locked.kind != OrganisationKind.COMPANY:
            raise DomainError(_("Only companies are verified as employers."), code="not_a_company")
        if state == Verification.VERIFIED and not locked.enterprise_number:
            raise Conflict(
                _("Verify a company once it has given its enterprise number."),
                code="no_enterprise_number",
            )
        locked.verification = state
        locked.verification_decided_at = timezone.now()
        locked.verification_note = note.strip()[:300]
        locked.save(update_fields=["verification", "verification_decided_at", "verification_note"])
        audit(actor, f"organisation.{state}", locked, note=locked.verification_note)
    return locked


def organisation_verify(*, actor: User, organisation: Organisation, note: str = "") -> Organisation:
    """The campus confirms a company is a real employer: its recruiters may then publish
    vacancies and forecasts and look for candidates."""
    return _verdict(actor, organisation, Verification.VERIFIED, note)


def organisation_suspend(
    *, actor: User, organisation: Organisation, note: str = ""
) -> Organisation:
    """The campus stops a company acting as an employer (its vacancies leave the public
    lists and its recruiters lose access to candidates) until it is verified again."""
    return _verdict(actor, organisation, Verification.SUSPENDED, note)
