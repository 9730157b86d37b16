"""Everything the platform holds about one person, as plain data (the export's contents).

A new model holding personal data adds its section here; `tests/test_export.py` checks
every model that points at a user is covered.
"""

from allauth.account.models import EmailAddress
from django.db.models import Q

from biocampus.accelerator.models import Application, Assignment, MentorMatch, MentorProfile
from biocampus.accounts.models import ApiToken, Membership, User
from biocampus.common.models import AuditEvent
from biocampus.credentials.models import Credential
from biocampus.enrolment.models import Attendance, Enrolment
from biocampus.facilities.models import Booking
from biocampus.immersion.models import PlanSlot, StaffSkill, Visit, VisitFeedback
from biocampus.outbox.models import EmailOptOut, OutboundEmail
from biocampus.outcomes.models import FollowUp, Hire, JobOutcome
from biocampus.skills.models import ContactRequest, LearnerProfile, LearnerSkill


def _rows(queryset, *fields: str) -> list[dict]:
    return list(queryset.values(*fields))


def account(user: User) -> dict:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "preferred_language": user.preferred_language,
        "audience": user.audience,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "email_addresses": _rows(
            EmailAddress.objects.filter(user=user), "email", "verified", "primary"
        ),
        "api_tokens": _rows(
            ApiToken.objects.filter(user=user),
            "name", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at",
        ),
        "has_calendar_feed": hasattr(user, "calendar_token"),
    }  # fmt: skip


def memberships(user: User) -> list[dict]:
    return _rows(
        Membership.objects.filter(user=user),
        "organisation__name", "organisation__kind", "role", "created_at",
    )  # fmt: skip


def enrolments(user: User) -> list[dict]:
    rows = _rows(
        Enrolment.objects.filter(learner=user).order_by("queued_at"),
        "id", "session__programme__title", "session__programme__operator__name",
        "session__starts_at", "session__ends_at", "status", "seats", "group_name",
        "queued_at", "confirmed_at", "cancelled_at", "outcome_at",
    )  # fmt: skip
    attendance: dict[int, list[dict]] = {}
    for mark in Attendance.objects.filter(enrolment__learner=user).values(
        "enrolment_id", "meeting__starts_at", "present", "marked_at"
    ):
        attendance.setdefault(mark.pop("enrolment_id"), []).append(mark)
    for row in rows:
        row["attendance"] = attendance.get(row["id"], [])
    return rows


def skills(user: User) -> dict:
    profile = LearnerProfile.objects.filter(learner=user).first()
    return {
        "profile": None
        if profile is None
        else {
            "target_job": profile.target_occupation and profile.target_occupation.uri,
            "employers_may_find_me": profile.findable,
            "consent_changed_at": profile.consent_changed_at,
            "location": profile.location,
        },
        "skills": _rows(
            LearnerSkill.objects.filter(learner=user),
            "skill__uri", "skill__labels", "source", "evidence_id", "added_at",
        ),
        "consent_history": _rows(
            AuditEvent.objects.filter(
                object_type="skills.learnerprofile", object_id=str(profile.pk) if profile else ""
            ).order_by("at"),
            "at", "action", "data",
        ),
        "contact_requests": _rows(
            ContactRequest.objects.filter(learner=user),
            "employer__name", "vacancy__title", "message", "status", "created_at", "answered_at",
        ),
    }  # fmt: skip


def bookings(user: User) -> list[dict]:
    return _rows(
        Booking.objects.filter(booked_by=user),
        "id", "resource__name", "organisation__name", "starts_at", "ends_at", "purpose",
        "title", "note", "status", "created_at", "cancelled_at",
    )  # fmt: skip


def immersion(user: User) -> dict:
    return {
        "visits_requested": _rows(
            Visit.objects.filter(teacher=user),
            "id", "school__name", "format__name", "class_name", "school_year", "pupils",
            "adults", "language", "accessibility", "municipality", "arrival", "departure",
            "acceptable_dates", "date", "status", "created_at",
        ),
        "feedback_given": _rows(
            VisitFeedback.objects.filter(visit__teacher=user),
            "visit_id", "rating", "liked", "improve", "created_at",
        ),
        "duties": _rows(
            PlanSlot.objects.filter(staff=user, plan__status="accepted"),
            "starts_at", "ends_at", "station__name", "visit__class_name",
        ),
        "staff_skills": sorted(
            StaffSkill.objects.filter(person=user).values_list("skill", flat=True)
        ),
    }  # fmt: skip


def applications(user: User) -> list[dict]:
    result = []
    for application in Application.objects.filter(founder=user).select_related("call", "company"):
        result.append(
            {
                "id": application.pk,
                "call": application.call.title,
                "company": application.company.name,
                "enterprise_number": application.enterprise_number,
                "founded_on": application.founded_on,
                "team_size": application.team_size,
                "sector": application.sector,
                "trl": application.trl,
                "funds_raised": str(application.funds_raised),
                "pitch": application.pitch,
                "status": application.status,
                "submitted_at": application.submitted_at,
                "decided_at": application.decided_at,
                "answers": _rows(application.answers.all(), "question__text", "text"),
                "attachments": [
                    {"name": a.original_name, "size": a.size, "file": attachment_name(a)}
                    for a in application.attachments.all()
                ],
            }
        )
    return result


def attachment_name(attachment) -> str:
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in attachment.original_name)
    return f"attachments/{attachment.application_id}/{attachment.pk}-{safe[:80]}"


def accelerator_roles(user: User) -> dict:
    return {
        "reviews_written": [
            {
                "application": a.application_id,
                "assigned_at": a.assigned_at,
                "conflict_reason": a.conflict_reason,
                "submitted_at": a.submitted_at,
                "scores": _rows(a.scores.all(), "criterion__name", "value", "comment"),
            }
            for a in Assignment.objects.filter(reviewer=user).prefetch_related("scores")
        ],
        "mentor_profile": _rows(
            MentorProfile.objects.filter(mentor=user), "tags", "sectors", "languages", "capacity"
        ),
        "mentoring": _rows(
            MentorMatch.objects.filter(mentor=user),
            "application__company__name",
            "confirmed",
            "created_at",
        ),
    }


def audit_events(user: User) -> list[dict]:
    return _rows(
        AuditEvent.objects.filter(
            Q(actor=user) | Q(object_type="accounts.user", object_id=str(user.pk))
        ).order_by("at"),
        "at", "action", "object_type", "object_id", "data",
    )  # fmt: skip


def emails(user: User) -> dict:
    return {
        "sent_to_you": _rows(
            OutboundEmail.objects.filter(Q(user=user) | Q(recipient__iexact=user.email)),
            "kind", "subject", "status", "created_at", "sent_at",
        ),
        "turned_off": _rows(EmailOptOut.objects.filter(user=user), "topic", "created_at"),
    }  # fmt: skip


def outcomes(user: User) -> dict:
    return {
        "job_outcomes": _rows(
            JobOutcome.objects.filter(learner=user),
            "id", "status", "employer_name", "occupation__uri", "contract", "start_date",
            "in_region", "source", "recorded_at", "updated_at",
        ),
        "hires": _rows(
            Hire.objects.filter(learner=user),
            "id", "vacancy__title", "vacancy__employer__name", "start_date", "contract",
            "status", "recorded_at", "answered_at",
        ),
        "follow_ups": _rows(
            FollowUp.objects.filter(learner=user),
            "id", "enrolment__session__programme__title", "months", "due_on", "sent_at",
            "answer", "answered_at",
        ),
    }  # fmt: skip


def credentials(user: User) -> dict:
    """Each credential as issued (the signed JWT and its document) and its status."""
    return {
        "credentials": [
            {
                "id": str(c.id),
                "programme": c.document.get("name"),
                "issued_at": c.created_at,
                "valid_until": c.valid_until,
                "revoked_at": c.revoked_at,
                "revoked_reason": c.revoked_reason,
                "document": c.document,
                "jwt": c.jwt,
            }
            for c in Credential.objects.filter(learner=user).order_by("created_at")
        ]
    }


SECTIONS = {
    "account.json": account,
    "memberships.json": memberships,
    "enrolments.json": enrolments,
    "skills.json": skills,
    "bookings.json": bookings,
    "immersion.json": immersion,
    "applications.json": applications,
    "accelerator.json": accelerator_roles,
    "audit.json": audit_events,
    "emails.json": emails,
    "outcomes.json": outcomes,
    "credentials.json": credentials,
}
