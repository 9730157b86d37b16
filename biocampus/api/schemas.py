import datetime as dt
from decimal import Decimal
from typing import Literal

from django.utils import timezone
from ninja import Field, Schema
from pydantic import field_validator

from biocampus.api.bounds import Id, column
from biocampus.api.enums import one_of
from biocampus.catalog.models import Format, Programme, ProgrammeStatus, Session, SessionStatus
from biocampus.enrolment.models import Enrolment, EnrolmentStatus
from biocampus.facilities.models import Purpose


def aware(value: dt.datetime) -> dt.datetime:
    """Times without a zone are read in the campus zone (Europe/Brussels)."""
    return timezone.make_aware(value) if timezone.is_naive(value) else value


class FieldError(Schema):
    field: str | None = Field(description="The input's path (body.starts_at, page...)")
    message: str


class ClashingBooking(Schema):
    id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    purpose: one_of(Purpose)
    organisation: str


class Clash(Schema):
    starts_at: dt.datetime
    ends_at: dt.datetime
    bookings: list[ClashingBooking]


class Error(Schema):
    """Every error: a stable `code` to branch on and a `message` for people. A 422 adds
    `errors` (each invalid field), a booking 409 `conflicts` (what clashed, per
    occurrence), a 500 the `error_id` that is in the server log."""

    code: str
    message: str
    errors: list[FieldError] | None = None
    conflicts: list[Clash] | None = None
    error_id: str | None = None


class TokenIn(Schema):
    email: str = Field(max_length=254)
    password: str = Field(max_length=256)
    name: str = Field("API", max_length=100)
    days: int | None = Field(None, ge=1, le=365, description="Validity; default 90 days.")


class TokenOut(Schema):
    token: str
    expires_at: dt.datetime


class TokenInfoOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None
    active: bool


class OperatorOut(Schema):
    id: int
    name: str


class MeetingOut(Schema):
    starts_at: dt.datetime
    ends_at: dt.datetime
    title: str


class SessionOut(Schema):
    id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    enrolment_deadline: dt.datetime
    capacity: int
    seats_left: int
    status: one_of(SessionStatus)
    location: str


class SessionDetailOut(SessionOut):
    programme_id: int
    meetings: list[MeetingOut]


class ProgrammeOut(Schema):
    id: int
    title: str
    summary: str
    pillar: str
    operator: OperatorOut
    format: one_of(Format)
    languages: list[str]
    audiences: list[str]
    eqf_level: int | None
    duration_hours: Decimal
    price: Decimal = Field(description="Euros, two decimals.")
    status: one_of(ProgrammeStatus)


class ProgrammeDetailOut(ProgrammeOut):
    description: str
    learning_outcomes: str
    funding_note: str
    credential_valid_months: int | None = Field(
        description="Months the credential earned on completion stays valid; null when it "
        "does not expire."
    )
    refresher: int | None = Field(
        description="The programme whose completion also renews this certification."
    )
    sessions: list[SessionOut]


class ProgrammePage(Schema):
    items: list[ProgrammeOut]
    count: int


class ProgrammeIn(Schema):
    title: str = Field(min_length=3, max_length=200)
    summary: str = Field(min_length=3, max_length=300)
    description: str = Field("", max_length=20000)
    pillar: Literal["stem-immersion", "biomanufacturing", "data-digital", "soft-skills"]
    format: Literal["on_site", "online", "blended", "vr"]
    languages: list[Literal["en", "fr", "nl", "de"]] = Field(min_length=1)
    audiences: list[
        Literal["student", "job_seeker", "employee", "entrepreneur", "researcher", "teacher"]
    ] = []
    eqf_level: int | None = column(Programme, "eqf_level", None)
    duration_hours: Decimal = column(Programme, "duration_hours")
    price: Decimal = column(Programme, "price", Decimal("0"))
    seat_cost: Decimal | None = column(
        Programme,
        "seat_cost",
        None,
        description="What one more seat costs you, in euros (capacity advice estimates it "
        "from the hours when absent).",
    )
    credential_valid_months: int | None = column(
        Programme,
        "credential_valid_months",
        None,
        description="How many months the credential a learner earns stays valid (1-120); "
        "absent or null when it does not expire.",
    )
    refresher: Id | None = Field(
        None,
        description="A published programme whose completion also renews this one's "
        "certification once it lapses.",
    )
    funding_note: str = Field("", max_length=300)
    learning_outcomes: str = Field("", max_length=20000)
    status: Literal["draft", "published"] = "draft"
    operator: Id | None = Field(None, description="Needed only when you manage several operators.")


class MeetingIn(Schema):
    starts_at: dt.datetime
    ends_at: dt.datetime
    title: str = Field("", max_length=200)

    @field_validator("starts_at", "ends_at")
    @classmethod
    def _aware(cls, value: dt.datetime) -> dt.datetime:
        return aware(value)


class SessionIn(Schema):
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int = column(Session, "capacity")
    enrolment_deadline: dt.datetime | None = None
    location: str = Field("", max_length=200)
    meetings: list[MeetingIn] = Field([], max_length=200)

    @field_validator("starts_at", "ends_at", "enrolment_deadline")
    @classmethod
    def _aware(cls, value):
        return aware(value) if value is not None else value


class EnrolmentIn(Schema):
    seats: int = column(Enrolment, "seats", 1)
    group_name: str = Field("", max_length=120)


class EnrolmentOut(Schema):
    id: int
    session_id: int
    programme_title: str
    status: one_of(EnrolmentStatus)
    seats: int
    group_name: str
    waitlist_position: int | None


class RosterEntryOut(EnrolmentOut):
    learner_email: str
    learner_name: str


class EnrolmentPage(Schema):
    items: list[EnrolmentOut]
    count: int


class RosterPage(Schema):
    items: list[RosterEntryOut]
    count: int


class OutcomeIn(Schema):
    outcome: Literal["completed", "failed", "no_show"] = "completed"
