"""What a user may do, derived from memberships. Cached per user object per request."""

from collections.abc import Iterable

from biocampus.accounts.models import (
    MANAGE_ROLES,
    PROVIDER_KINDS,
    TEACHING_ROLES,
    Membership,
    OrganisationKind,
    Role,
    Verification,
)


def _memberships(user) -> list[Membership]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_biocampus_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("organisation"))
        user._biocampus_memberships = cached
    return cached


def forget_memberships(user) -> None:
    """After a membership changes in the same request, the next question reads it anew."""
    user.__dict__.pop("_biocampus_memberships", None)


def is_campus_admin(user) -> bool:
    """Superusers and admins of the campus organisation see and run everything."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(
        m.organisation.kind == OrganisationKind.CAMPUS and m.role == Role.ADMIN
        for m in _memberships(user)
    )


def provider_org_ids(user, roles: Iterable[str] = TEACHING_ROLES) -> set[int]:
    """Ids of the training providers in which the user holds one of `roles`."""
    wanted = set(roles)
    return {
        m.organisation_id
        for m in _memberships(user)
        if m.organisation.kind in PROVIDER_KINDS and m.role in wanted
    }


def managed_org_ids(user) -> set[int]:
    return provider_org_ids(user, MANAGE_ROLES)


def can_book_groups(user) -> bool:
    """Teachers, and members of schools, book several seats for a class at once."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.audience == "teacher":
        return True
    return any(m.organisation.kind == OrganisationKind.SCHOOL for m in _memberships(user))


def is_back_office_user(user) -> bool:
    return is_campus_admin(user) or bool(provider_org_ids(user))


# Roles that may publish an employer's vacancies and look for candidates.
HIRING_ROLES = (Role.ADMIN, Role.STAFF, Role.RECRUITER)


def employer_org_ids(user) -> set[int]:
    """Verified companies in which the user may publish vacancies and see consenting
    candidates. A company acts as an employer only once the campus has verified it."""
    return {
        m.organisation_id
        for m in _memberships(user)
        if m.organisation.kind == OrganisationKind.COMPANY
        and m.organisation.verification == Verification.VERIFIED
        and m.role in HIRING_ROLES
    }


def company_admin_org_ids(user) -> set[int]:
    """Companies the user administers, verified or not: who may ask for verification."""
    return {
        m.organisation_id
        for m in _memberships(user)
        if m.organisation.kind == OrganisationKind.COMPANY and m.role == Role.ADMIN
    }
