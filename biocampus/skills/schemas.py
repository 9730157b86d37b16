"""API shapes of the skills capability."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema
from pydantic import field_validator

from biocampus.api.bounds import Id, column
from biocampus.api.enums import one_of
from biocampus.api.schemas import aware
from biocampus.skills.models import (
    ContactStatus,
    Contract,
    HiringForecast,
    SkillKind,
    SkillSource,
    Vacancy,
    VacancyStatus,
)


class SkillOut(Schema):
    id: int
    uri: str
    label: str
    kind: one_of(SkillKind)
    framework: str
    alt_labels: list[str]


class SkillPage(Schema):
    items: list[SkillOut]
    count: int


class OccupationOut(Schema):
    id: int
    uri: str
    label: str
    framework: str
    code: str
    pillar: str | None


class OccupationPage(Schema):
    items: list[OccupationOut]
    count: int


class SkillRef(Schema):
    id: int
    uri: str
    label: str


class MySkillOut(Schema):
    skill: SkillRef
    source: one_of(SkillSource)
    added_at: dt.datetime


class MySkillsOut(Schema):
    items: list[MySkillOut]
    count: int


class MySkillsIn(Schema):
    declared: list[Id] = Field(max_length=300, description="the self-declared skills, in full")


class ConsentIn(Schema):
    findable: bool


class ConsentOut(Schema):
    findable: bool
    changed_at: dt.datetime | None


class SkillStateOut(Schema):
    skill: SkillRef
    state: Literal["verified", "declared", "missing"]
    via: SkillRef | None = None


class GapOut(Schema):
    occupation: OccupationOut
    readiness: int
    essential: list[SkillStateOut]
    optional: list[SkillStateOut]


class PathwayIn(Schema):
    occupation: Id
    objective: Literal["time", "cost"] = "time"
    language: str | None = Field(None, max_length=8)
    max_budget_eur: Decimal | None = Field(
        None, ge=0, le=Decimal("9999999.99"), max_digits=9, decimal_places=2
    )
    start_after: dt.datetime | None = None
    finish_before: dt.datetime | None = None

    @field_validator("start_after", "finish_before")
    @classmethod
    def _aware(cls, value):
        return aware(value) if value else value


class PathwaySessionOut(Schema):
    id: int
    programme_id: int
    programme_title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    hours: Decimal
    price_eur: Decimal
    seats_left: int
    waitlisted: bool
    teaches: list[SkillRef]


class PathwayWithSeatsOut(Schema):
    """The best pathway using only sessions with a seat left; it may cover fewer skills
    (the rest is in its `uncovered`)."""

    sessions: list[PathwaySessionOut]
    covers: dict[str, int]
    uncovered: list[SkillRef]
    total_hours: Decimal
    total_cost_eur: Decimal
    status: Literal["optimal", "feasible", "infeasible"]


class PathwayOut(Schema):
    sessions: list[PathwaySessionOut]
    covers: dict[str, int]
    uncovered: list[SkillRef]
    in_training: list[SkillRef]
    total_hours: Decimal
    total_cost_eur: Decimal
    status: Literal["optimal", "feasible", "infeasible"]
    solve_ms: float
    readiness: int
    with_seats: PathwayWithSeatsOut | None = Field(
        None,
        description="Only when the best pathway needs a full session (the learner would "
        "join its waiting list): the best pathway using sessions with seats.",
    )


class PathwayEnrolIn(Schema):
    session_ids: list[Id] = Field(min_length=1, max_length=30)


class PathwayEnrolmentOut(Schema):
    session_id: int
    status: str
    enrolment_id: int | None
    message: str


class PathwayEnrolOut(Schema):
    results: list[PathwayEnrolmentOut]
    confirmed: int
    waitlisted: int
    refused: int


class VacancySkillIn(Schema):
    skill: Id
    relation: Literal["essential", "optional"]


class VacancyIn(Schema):
    employer: Id
    occupation: Id
    title: str = Field(max_length=200)
    description: str = Field("", max_length=10000)
    location: str = Field(max_length=120)
    contract: one_of(Contract)
    openings: int = column(Vacancy, "openings", 1)
    closes_on: dt.date
    status: Literal["draft", "open", "closed"] = "draft"
    skills: list[VacancySkillIn] | None = Field(None, max_length=60)


class VacancyPatch(Schema):
    occupation: Id | None = None
    title: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=10000)
    location: str | None = Field(None, max_length=120)
    contract: one_of(Contract) | None = None
    openings: int | None = column(Vacancy, "openings", None)
    closes_on: dt.date | None = None
    status: Literal["draft", "open", "closed"] | None = None
    skills: list[VacancySkillIn] | None = Field(None, max_length=60)


class VacancyOut(Schema):
    id: int
    employer: str
    employer_id: int
    occupation: OccupationOut
    title: str
    description: str
    location: str
    contract: one_of(Contract)
    openings: int
    closes_on: dt.date
    status: one_of(VacancyStatus)
    skills: list[SkillStateOut] | None = None  # for a learner: their state on each skill
    required: list[VacancySkillIn]


class VacancyPage(Schema):
    items: list[VacancyOut]
    count: int


class MatchedVacancyOut(VacancyOut):
    readiness: int


class MatchedVacancyPage(Schema):
    items: list[MatchedVacancyOut]
    count: int


class CandidateSkillOut(SkillStateOut):
    credential: str | None = Field(
        description="The id of a credential of the candidate's, valid now (not revoked, "
        "suspended or expired), whose programme teaches this skill (or the equivalent in "
        "`via`) or whose skill assessment verifies it; null if none. Anyone with the id "
        "can verify it: /credentials/{id}/ or GET /api/v1/credentials/{id}."
    )


class CandidateOut(Schema):
    learner_id: int
    name: str
    # Only once the learner has accepted the employer's contact request.
    email: str | None
    contact: str | None  # the contact request: pending, accepted, declined; None: not asked
    readiness: int
    essential: list[CandidateSkillOut]
    optional: list[CandidateSkillOut]


class CandidatePage(Schema):
    items: list[CandidateOut]
    count: int


class ForecastIn(Schema):
    employer: Id
    occupation: Id
    year: int = column(HiringForecast, "year")
    headcount: int = column(HiringForecast, "headcount")


class ForecastOut(Schema):
    id: int
    employer_id: int
    occupation: OccupationOut
    year: int
    headcount: int


class ExtractIn(Schema):
    text: str = Field(max_length=20000)
    framework: str | None = Field(None, max_length=40)
    lang: str = Field("en", max_length=8)
    limit: int = Field(10, ge=1, le=50)
    min_score: float | None = Field(
        None, ge=-10, le=10, description="drop skills scoring below this (default: none)"
    )


class ExtractedSkillOut(Schema):
    id: int
    uri: str
    label: str
    score: float


class ExtractOut(Schema):
    skills: list[ExtractedSkillOut]
    method: Literal["hybrid", "lexical"]
    encoder: str | None = Field(description="the sentence encoder of a hybrid ranking")
    fallback: Literal["no_model", "no_vectors"] | None = Field(
        description="why a ranking is lexical"
    )


class ProgrammeSkillsIn(Schema):
    teaches: list[Id] = Field(max_length=60)
    requires: list[Id] = Field([], max_length=60)
    occupations: list[Id] = Field([], max_length=60)


class ProgrammeSkillsOut(Schema):
    teaches: list[SkillRef]
    requires: list[SkillRef]
    occupations: list[OccupationOut]


class ContactIn(Schema):
    message: str = Field("", max_length=1000)


class ContactOut(Schema):
    id: int
    employer: str
    vacancy: int | None
    message: str
    status: one_of(ContactStatus)
    created_at: dt.datetime
    answered_at: dt.datetime | None


class ContactAnswerIn(Schema):
    accept: bool
