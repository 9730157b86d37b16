"""Who may manage facilities and see or change resources, bookings and proposals.

Missing and not-yours are the same 404, so ids cannot be probed; a booking the user can
see but not change is a 403.
"""

from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import MANAGE_ROLES, Membership, OrganisationKind, Role, User
from biocampus.accounts.roles import is_campus_admin
from biocampus.common.errors import DomainError, Forbidden, NotFound
from biocampus.facilities.models import Booking, Purpose, Resource, TimetableProposal


def is_facility_manager(user: User) -> bool:
    """The campus's admins and staff run the shared facilities."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_campus_admin(user):
        return True
    return Membership.objects.filter(
        user=user, organisation__kind=OrganisationKind.CAMPUS, role=Role.STAFF
    ).exists()


def member_org_ids(user: User) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))


def organisation_id_for(user: User, given: int | None) -> int:
    """The organisation a booking or plan is for: the one given (the service checks the
    user belongs to it), else the user's only organisation."""
    if given:
        return given
    organisations = member_org_ids(user)
    if len(organisations) != 1:
        raise DomainError(
            _("Say which organisation the booking is for."), code="organisation_required"
        )
    return organisations.pop()


def can_see_booking_details(user: User, booking: Booking) -> bool:
    """A booking (its title and note included) belongs to the booking organisation and the
    facility manager; others see only that the slot is taken."""
    return (
        is_facility_manager(user)
        or booking.booked_by_id == getattr(user, "pk", None)
        or booking.organisation_id in member_org_ids(user)
    )


def can_cancel_booking(user: User, booking: Booking) -> bool:
    if is_facility_manager(user):
        return True
    if booking.purpose == Purpose.MAINTENANCE:
        return False  # the facility manager closes and reopens resources
    if booking.booked_by_id == getattr(user, "pk", None):
        return True
    return Membership.objects.filter(
        user=user, organisation_id=booking.organisation_id, role__in=MANAGE_ROLES
    ).exists()


def get_resource_for_user(user: User, resource_id: int) -> Resource:
    """An active resource: anyone may see it (and its busy slots) to book it."""
    resource = (
        Resource.objects.select_related("space", "organisation", "certification")
        .prefetch_related("features", "opening_hours")
        .filter(pk=resource_id, active=True)
        .first()
    )
    if resource is None:
        raise NotFound(_("Not found."))
    return resource


def get_booking_for_user(user: User, booking_id: int, *, for_change: bool = False) -> Booking:
    """A booking of the user's own or of their organisations (every booking for the
    facility manager). `for_change`: they may also cancel it."""
    booking = (
        Booking.objects.select_related("resource", "organisation").filter(pk=booking_id).first()
    )
    if booking is None or not can_see_booking_details(user, booking):
        raise NotFound(_("Not found."))
    if for_change and not can_cancel_booking(user, booking):
        raise Forbidden(_("You cannot change this booking."))
    return booking


def get_proposal_for_user(user: User, proposal_id: int) -> TimetableProposal:
    """A timetable proposal of the user's own or of one of their organisations."""
    proposal = (
        TimetableProposal.objects.select_related("organisation").filter(pk=proposal_id).first()
    )
    if proposal is None or not (
        proposal.created_by_id == getattr(user, "pk", None)
        or proposal.organisation_id in member_org_ids(user)
    ):
        raise NotFound(_("Not found."))
    return proposal
