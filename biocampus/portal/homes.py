"""What each person's home shows: one block per role they hold, each built by one function.

A block function returns None when the role does not apply, so a person with several
roles gets the relevant blocks together and nothing else. Each block runs a bounded
number of queries whatever the size of the campus (lists are capped, counts aggregated).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from biocampus.accelerator.models import ApplicationStatus, KpiReport, MilestoneStatus
from biocampus.accelerator.models.cohort import quarter_start
from biocampus.accelerator.queries import applications_of
from biocampus.accounts.models import Audience
from biocampus.accounts.roles import (
    can_book_groups,
    employer_org_ids,
    is_campus_admin,
    provider_org_ids,
)
from biocampus.catalog.models import Meeting, Session, SessionStatus
from biocampus.enrolment.models import Attendance, Enrolment, EnrolmentStatus
from biocampus.enrolment.queries import learner_enrolments
from biocampus.facilities.queries import bookings_pending
from biocampus.outcomes.models import Hire, HireStatus
from biocampus.portal.queries import campus_today
from biocampus.skills.models import SkillSource
from biocampus.skills.queries import employer_vacancies, learner_profile, learner_skills
from biocampus.skills.queries.gap import gap_for
from biocampus.skills.queries.matching import candidate_count

LIST_LIMIT = 5
LEARNING_AUDIENCES = (Audience.STUDENT, Audience.JOB_SEEKER, Audience.EMPLOYEE)
# Attendance and outcomes older than this are history, not tasks (and the home's queries
# stay bounded however long the operator's history).
ATTENDANCE_WINDOW = dt.timedelta(days=30)
OUTCOME_WINDOW = dt.timedelta(days=90)


def learner_block(user) -> dict:
    """Next sessions, waiting-list places, the target job and the next skill to learn,
    and what completed training has verified."""
    now = timezone.now()
    mine = learner_enrolments(user)
    upcoming = (
        mine.filter(status=EnrolmentStatus.CONFIRMED, session__ends_at__gte=now)
        .exclude(session__status=SessionStatus.CANCELLED)
        .order_by("session__starts_at", "id")
    )
    waiting = mine.filter(status=EnrolmentStatus.WAITLISTED).order_by("session__starts_at", "id")
    completed = mine.filter(status=EnrolmentStatus.COMPLETED).order_by("-outcome_at", "-id")
    target = learner_profile(user).target_occupation
    gap = gap_for(user, target) if target is not None else None
    next_skill = None
    if gap is not None and gap.assessment.missing_essential:
        next_skill = gap.skills.get(gap.assessment.missing_essential[0])
    return {
        "hires_to_confirm": list(
            Hire.objects.filter(learner=user, status=HireStatus.PENDING)
            .select_related("vacancy__employer")
            .order_by("start_date", "id")[:LIST_LIMIT]
        ),
        "upcoming": list(upcoming[:LIST_LIMIT]),
        "waiting": list(waiting[:LIST_LIMIT]),
        "completed": list(completed[:LIST_LIMIT]),
        "verified_skills": learner_skills(user).filter(source=SkillSource.VERIFIED).count(),
        "target": target,
        "readiness": gap.assessment.readiness if gap is not None else None,
        "next_skill": next_skill,
    }


def teacher_block(user) -> dict | None:
    """A teacher's class bookings still to come."""
    if not can_book_groups(user):
        return None
    bookings = (
        learner_enrolments(user)
        .filter(
            Q(seats__gt=1) | ~Q(group_name=""),
            status__in=(EnrolmentStatus.CONFIRMED, EnrolmentStatus.WAITLISTED),
            session__ends_at__gte=timezone.now(),
        )
        .order_by("session__starts_at", "id")
    )
    return {"bookings": list(bookings[: LIST_LIMIT * 2])}


@dataclass(frozen=True)
class SessionLine:
    session: Session
    waiting: int

    @property
    def fill_rate(self) -> int:
        capacity = self.session.capacity
        return round(100 * self.session.confirmed_seats / capacity) if capacity else 0


def operator_block(user) -> dict | None:
    """The sessions of the user's organisations this week, and what needs doing."""
    org_ids = provider_org_ids(user)
    pending = bookings_pending(user)
    if not org_ids and not pending.exists():
        return None
    now = timezone.now()
    theirs = Session.objects.filter(programme__operator_id__in=org_ids).exclude(
        status=SessionStatus.CANCELLED
    )
    week = (
        theirs.filter(starts_at__lt=now + dt.timedelta(days=7), ends_at__gte=now)
        .select_related("programme")
        .annotate(waiting=Count("enrolments", filter=Q(enrolments__status="waitlisted")))
        .order_by("starts_at", "id")
    )
    unmarked = Enrolment.objects.filter(
        session_id=OuterRef("session_id"), status=EnrolmentStatus.CONFIRMED
    ).exclude(
        Exists(
            Attendance.objects.filter(
                enrolment_id=OuterRef("pk"), meeting_id=OuterRef(OuterRef("pk"))
            )
        )
    )
    to_mark = (
        Meeting.objects.filter(
            session__in=theirs, ends_at__lt=now, ends_at__gte=now - ATTENDANCE_WINDOW
        )
        .filter(Exists(unmarked))
        .select_related("session__programme")
        .order_by("starts_at", "id")
    )
    to_close = (
        theirs.filter(ends_at__lt=now, ends_at__gte=now - OUTCOME_WINDOW)
        .filter(enrolments__status=EnrolmentStatus.CONFIRMED)
        .annotate(open_outcomes=Count("enrolments", filter=Q(enrolments__status="confirmed")))
        .select_related("programme")
        .order_by("ends_at", "id")
    )
    return {
        "week": [SessionLine(s, s.waiting) for s in week[: LIST_LIMIT * 2]],
        "to_mark": list(to_mark[:LIST_LIMIT]),
        "to_mark_count": to_mark.count(),
        "to_close": list(to_close[:LIST_LIMIT]),
        "to_close_count": to_close.count(),
        "pending_bookings": pending.count(),
    }


def employer_block(user) -> dict | None:
    """Open vacancies with how many consenting learners hold their skills."""
    if not employer_org_ids(user):
        return None
    vacancies = list(
        employer_vacancies(user)
        .filter(status="open", closes_on__gte=timezone.localdate())
        .order_by("closes_on", "id")[:LIST_LIMIT]
    )
    return {"vacancies": [(v, candidate_count(v)) for v in vacancies]}


def founder_block(user) -> dict | None:
    """Each application's status; for cohort start-ups the next milestone and KPI report."""
    applications = list(applications_of(user)[:LIST_LIMIT])
    if not applications:
        return None
    this_quarter = quarter_start(timezone.localdate())
    last_quarter = quarter_start(this_quarter - dt.timedelta(days=1))
    rows = []
    for application in applications:
        milestone = kpi_due = None
        if application.status == ApplicationStatus.ACCEPTED:
            milestone = (
                application.milestones.filter(status=MilestoneStatus.PLANNED)
                .order_by("due_on", "id")
                .first()
            )
            reported = set(
                KpiReport.objects.filter(
                    application=application, quarter__in=(last_quarter, this_quarter)
                ).values_list("quarter", flat=True)
            )
            # The quarter just closed is due first; once filed, the running one is next.
            kpi_due = last_quarter if last_quarter not in reported else this_quarter
        rows.append({"application": application, "milestone": milestone, "kpi_due": kpi_due})
    return {"applications": rows}


def campus_block(user) -> dict | None:
    return campus_today() if is_campus_admin(user) else None


def home_blocks(user) -> dict:
    """Every block for `user`. The learner block is there for anyone who learns here or
    holds no other role, so a new account still has a place to start."""
    blocks = {
        "campus": campus_block(user),
        "operator": operator_block(user),
        "teacher": teacher_block(user),
        "employer": employer_block(user),
        "founder": founder_block(user),
    }
    has_role = any(block is not None for block in blocks.values())
    learns = user.audience in LEARNING_AUDIENCES or (
        Enrolment.objects.filter(learner=user, seats=1, group_name="").exists()
    )
    blocks["learner"] = learner_block(user) if learns or not has_role else None
    return blocks
