"""Enrolment reads shared by pages and API.

Rows are annotated with `waitlist_ahead` so `Enrolment.waitlist_position` costs no
extra query per row.
"""

from django.db.models import Case, Count, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import User
from biocampus.catalog.models import Session
from biocampus.common.exports import Column
from biocampus.enrolment.models import ACTIVE_STATUSES, Attendance, Enrolment, EnrolmentStatus


def with_waitlist_position(qs: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    ahead = (
        Enrolment.objects.filter(
            session_id=OuterRef("session_id"),
            status=EnrolmentStatus.WAITLISTED,
            id__lt=OuterRef("id"),
        )
        .order_by()
        .values("session_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return qs.annotate(waitlist_ahead=Coalesce(Subquery(ahead), Value(0)))


def learner_enrolments(user: User) -> QuerySet[Enrolment]:
    qs = Enrolment.objects.filter(learner=user).select_related(
        "session__programme__operator", "session__programme__pillar"
    )
    return with_waitlist_position(qs).order_by("-session__starts_at", "-id")


def active_enrolments_by_session(user: User, sessions: list[Session]) -> dict[int, Enrolment]:
    """The user's confirmed or waiting enrolment in each of these sessions, by session id."""
    if not getattr(user, "is_authenticated", False):
        return {}
    active = learner_enrolments(user).filter(session__in=sessions, status__in=ACTIVE_STATUSES)
    return {e.session_id: e for e in active}


ROSTER_ORDER = Case(
    When(status=EnrolmentStatus.WAITLISTED, then=Value(1)),
    When(status=EnrolmentStatus.CANCELLED, then=Value(2)),
    default=Value(0),
    output_field=IntegerField(),
)


def session_roster(session: Session) -> QuerySet[Enrolment]:
    """Seat holders first, then the waiting list in order, then cancellations."""
    qs = Enrolment.objects.filter(session=session).select_related("learner", "session__programme")
    return with_waitlist_position(qs).order_by(ROSTER_ORDER, "id")


def attendance_marks(session: Session) -> dict[tuple[int, int], bool]:
    """(enrolment id, meeting id) -> present, for the session's attendance grid."""
    return {
        (a.enrolment_id, a.meeting_id): a.present
        for a in Attendance.objects.filter(enrolment__session=session)
    }


ROSTER_COLUMNS = (
    Column("learner", _("Learner"), "text"),
    Column("email", _("E-mail"), "text"),
    Column("seats", _("Seats"), "int"),
    Column("group", _("Group"), "text"),
    Column("status", _("Status"), "text"),
    Column("waiting_list", _("Waiting list"), "int"),
    Column("enrolled_at", _("Enrolled at"), "datetime"),
)


def roster_columns(session: Session) -> tuple[Column, ...]:
    """The roster's columns, then one per meeting with its attendance."""
    meetings = session.meetings.order_by("starts_at", "id")
    return ROSTER_COLUMNS + tuple(
        Column(
            f"meeting_{m.pk}",
            f"{timezone.localtime(m.starts_at):%Y-%m-%d %H:%M}"
            + (f" {m.title}" if m.title else ""),
            "text",
        )
        for m in meetings
    )


def roster_csv_rows(session: Session) -> list[tuple]:
    meetings = list(session.meetings.order_by("starts_at", "id").values_list("pk", flat=True))
    marks = attendance_marks(session)
    present, absent = str(_("present")), str(_("absent"))

    def attendance(enrolment_id: int) -> list[str]:
        shown = {True: present, False: absent, None: ""}
        return [shown[marks.get((enrolment_id, m))] for m in meetings]

    return [
        (
            e.learner.full_name,
            e.learner.email,
            e.seats,
            e.group_name,
            e.get_status_display(),
            e.waitlist_position,
            e.queued_at,
            *attendance(e.pk),
        )
        for e in session_roster(session)
    ]
