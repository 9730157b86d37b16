"""Reads about organisations: the companies a user administers, and the employers the
campus verifies."""

from django.db.models import QuerySet

from biocampus.accounts.models import ApiToken, Organisation, OrganisationKind, User, Verification
from biocampus.accounts.roles import company_admin_org_ids


def companies_administered(user: User) -> QuerySet[Organisation]:
    """The companies whose verification the user may ask for."""
    return Organisation.objects.filter(pk__in=company_admin_org_ids(user)).order_by("name")


def companies_by_verification(state: str = "") -> QuerySet[Organisation]:
    """Companies for the campus's review, waiting ones first, then by name."""
    qs = Organisation.objects.filter(kind=OrganisationKind.COMPANY)
    if state in Verification.values:
        qs = qs.filter(verification=state)
    return qs.order_by("-verification_requested_at", "name", "id")


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")
