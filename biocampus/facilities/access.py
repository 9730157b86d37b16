"""Who may manage facilities and see or change bookings."""

from biocampus.accounts.models import MANAGE_ROLES, Membership, OrganisationKind, Role
from biocampus.accounts.roles import is_campus_admin


def is_facility_manager(user) -> bool:
    """The campus's admins and staff run the shared facilities."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_campus_admin(user):
        return True
    return Membership.objects.filter(
        user=user, organisation__kind=OrganisationKind.CAMPUS, role=Role.STAFF
    ).exists()


def member_org_ids(user) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))


def can_see_booking_details(user, booking) -> bool:
    """Title and note are private to the booking organisation and the facility manager;
    others see only that the slot is taken."""
    return (
        is_facility_manager(user)
        or booking.booked_by_id == getattr(user, "pk", None)
        or booking.organisation_id in member_org_ids(user)
    )


def can_cancel_booking(user, booking) -> bool:
    if is_facility_manager(user) or booking.booked_by_id == getattr(user, "pk", None):
        return True
    return Membership.objects.filter(
        user=user, organisation_id=booking.organisation_id, role__in=MANAGE_ROLES
    ).exists()
