"""API v1: immersion formats, visits of school classes, day plans and their PDFs."""

import datetime as dt

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status

from biocampus.accounts.models import User
from biocampus.api.auth import authenticated
from biocampus.api.bounds import Id, Page, PathId, column
from biocampus.api.enums import one_of
from biocampus.api.openapi import file_only
from biocampus.api.pagination import page_of
from biocampus.api.schemas import Error
from biocampus.common.errors import NotFound
from biocampus.immersion import badges, plan_edits, planning, printouts, queries, services
from biocampus.immersion.access import (
    campus_for,
    get_plan_for_user,
    get_visit_for_user,
)
from biocampus.immersion.models import (
    DayPlan,
    FormatLength,
    ImmersionFormat,
    PlanStatus,
    Visit,
    VisitFeedback,
    VisitLanguage,
    VisitStatus,
)
from biocampus.immersion.rotation import hhmm
from biocampus.outbox.compose import absolute

router = Router(tags=["immersion"], auth=authenticated)
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error}
PDF = file_only("application/pdf", "A printable PDF.")


class StationOut(Schema):
    name: str
    minutes: int
    groups_at_once: int
    room: str
    staff_skill: str


class DayOut(Schema):
    date: dt.date
    opens: dt.time
    closes: dt.time


class FormatOut(Schema):
    id: int
    name: str
    slug: str
    description: str
    length: one_of(FormatLength)
    min_school_year: int | None
    campus: str
    minimum_stay_minutes: int = Field(description="A group's stations, and lunch on a day.")
    stations: list[StationOut]
    days: list[DayOut] = Field(description="The coming days the campus welcomes classes.")


def format_out(fmt: ImmersionFormat, days: list) -> dict:
    return {
        "id": fmt.pk,
        "name": fmt.name,
        "slug": fmt.slug,
        "description": fmt.description,
        "length": fmt.length,
        "min_school_year": fmt.min_school_year,
        "campus": fmt.campus.name,
        "minimum_stay_minutes": services.minimum_stay(fmt),
        "stations": [
            {
                "name": s.name,
                "minutes": s.minutes,
                "groups_at_once": s.groups_at_once,
                "room": s.resource.name,
                "staff_skill": s.staff_skill,
            }
            for s in fmt.stations.all()
        ],
        "days": days,
    }


@router.get("/immersion/formats", response={200: list[FormatOut], 422: Error}, auth=None)
def formats(request: HttpRequest):
    """The published formats and the coming days a class can come."""
    found = list(queries.published_formats()[:100])
    days = queries.upcoming_days({f.campus_id for f in found})
    return [format_out(f, days.get(f.campus_id, [])) for f in found]


class VisitIn(Schema):
    school: Id
    format: Id
    class_name: str = Field(..., min_length=1, max_length=60)
    school_year: int = column(Visit, "school_year")
    pupils: int = column(Visit, "pupils", description="Counted, never named.")
    adults: int = column(Visit, "adults", 1)
    language: one_of(VisitLanguage)
    accessibility: str = Field("", max_length=300, description="The class's needs, no names.")
    municipality: str = Field("", max_length=80, description="Where the school is.")
    arrival: dt.time
    departure: dt.time
    dates: list[dt.date] = Field(..., min_length=1, max_length=services.MAX_DATES)


class VisitOut(Schema):
    id: int
    school: str
    format: int
    format_name: str
    class_name: str
    school_year: int
    pupils: int
    adults: int
    language: one_of(VisitLanguage)
    accessibility: str
    municipality: str
    arrival: dt.time
    departure: dt.time
    acceptable_dates: list[dt.date]
    date: dt.date | None
    status: one_of(VisitStatus)


class VisitPage(Schema):
    items: list[VisitOut]
    count: int


def visit_out(v: Visit) -> dict:
    return {
        "id": v.pk,
        "school": v.school.name,
        "format": v.format_id,
        "format_name": v.format.name,
        "class_name": v.class_name,
        "school_year": v.school_year,
        "pupils": v.pupils,
        "adults": v.adults,
        "language": v.language,
        "accessibility": v.accessibility,
        "municipality": v.municipality,
        "arrival": v.arrival,
        "departure": v.departure,
        "acceptable_dates": v.acceptable_dates,
        "date": v.date,
        "status": v.status,
    }


@router.post("/immersion/visits", response={201: VisitOut, **ERRORS})
def visit_create(request: HttpRequest, body: VisitIn):
    """A teacher asks for a visit of their class on one of up to three days."""
    visit = services.visit_request(
        actor=request.user,
        school_id=body.school,
        format_id=body.format,
        class_name=body.class_name,
        school_year=body.school_year,
        pupils=body.pupils,
        adults=body.adults,
        language=body.language,
        arrival=body.arrival,
        departure=body.departure,
        dates=body.dates,
        accessibility=body.accessibility,
        municipality=body.municipality,
    )
    return Status(201, visit_out(visit))


@router.get("/me/visits", response={200: VisitPage, 401: Error, 404: Error, 422: Error})
def my_visits(request: HttpRequest, page: Page = 1):
    items, count = page_of(queries.teacher_visits(request.user), page)
    return {"items": [visit_out(v) for v in items], "count": count}


@router.get("/immersion/visits/{visit_id}", response={200: VisitOut, **ERRORS})
def visit_detail(request: HttpRequest, visit_id: PathId):
    return visit_out(get_visit_for_user(request.user, visit_id))


class ScheduleIn(Schema):
    date: dt.date


@router.post("/immersion/visits/{visit_id}/schedule", response={200: VisitOut, **ERRORS})
def visit_schedule(request: HttpRequest, visit_id: PathId, body: ScheduleIn):
    """The campus confirms one of the teacher's dates or proposes another visit day."""
    visit = services.visit_schedule(actor=request.user, visit_id=visit_id, date=body.date)
    return visit_out(get_visit_for_user(request.user, visit.pk))


class AnswerIn(Schema):
    accept: bool


@router.post("/immersion/visits/{visit_id}/answer", response={200: VisitOut, **ERRORS})
def visit_answer(request: HttpRequest, visit_id: PathId, body: AnswerIn):
    """The teacher takes or declines the other date the campus proposed."""
    visit = services.visit_answer_date(actor=request.user, visit_id=visit_id, accept=body.accept)
    return visit_out(get_visit_for_user(request.user, visit.pk))


class FeedbackIn(Schema):
    rating: int = column(VisitFeedback, "rating")
    liked: str = Field("", max_length=services.MAX_FEEDBACK)
    improve: str = Field("", max_length=services.MAX_FEEDBACK, description="No pupil's name.")


class FeedbackOut(Schema):
    rating: int
    liked: str
    improve: str
    created_at: dt.datetime


@router.post("/immersion/visits/{visit_id}/feedback", response={201: FeedbackOut, **ERRORS})
def visit_feedback(request: HttpRequest, visit_id: PathId, body: FeedbackIn):
    """The teacher's two-minute answer, once, from the day of the visit."""
    feedback = services.visit_feedback(
        actor=request.user,
        visit_id=visit_id,
        rating=body.rating,
        liked=body.liked,
        improve=body.improve,
    )
    return Status(201, feedback)


class BadgeOut(Schema):
    id: str
    url: str = Field(description="The credential's public page (JSON-LD on request)")
    jwt: str = Field(description="The VC-JWT, signed by the campus")


@router.post("/immersion/visits/{visit_id}/badge", response={201: BadgeOut, **ERRORS})
def visit_badge(request: HttpRequest, visit_id: PathId):
    """Issue the class's Open Badges 3.0 credential of discovery (campus staff, once the
    class has come). It names the class and its school; its teacher holds it."""
    credential = badges.class_badge_issue(actor=request.user, visit_id=visit_id)
    url = absolute(reverse("credentials:credential", args=[credential.pk]))
    return Status(201, {"id": str(credential.pk), "url": url, "jwt": credential.jwt})


class ReasonOut(Schema):
    code: str
    subject: str
    details: list[str]


class SlotOut(Schema):
    id: int
    visit: int
    school: str
    class_name: str
    group: int
    station: str
    room: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    staff: str | None


class LunchOut(Schema):
    visit: int
    starts: str = Field(description="HH:MM, campus time")
    ends: str


class PlanOut(Schema):
    id: int
    date: dt.date
    status: one_of(PlanStatus)
    solver_status: str = Field(description="optimal, feasible, infeasible or unknown")
    idle_minutes: int
    staff_on_duty: int
    reasons: list[ReasonOut]
    lunches: list[LunchOut]
    slots: list[SlotOut]


def plan_out(plan: DayPlan) -> dict:
    return {
        "id": plan.pk,
        "date": plan.date,
        "status": plan.status,
        "solver_status": plan.solver_status,
        "idle_minutes": plan.idle_minutes,
        "staff_on_duty": plan.staff_on_duty,
        "reasons": [
            {"code": r["code"], "subject": r["subject"], "details": list(r["details"])}
            for r in plan.reasons
        ],
        "lunches": [
            {"visit": int(v), "starts": hhmm(a), "ends": hhmm(b)}
            for v, (a, b) in sorted(plan.lunches.items())
        ],
        "slots": [
            {
                "id": s.pk,
                "visit": s.visit_id,
                "school": s.visit.school.name,
                "class_name": s.visit.class_name,
                "group": s.group,
                "station": s.station.name,
                "room": s.station.resource.name,
                "starts_at": s.starts_at,
                "ends_at": s.ends_at,
                "staff": _staff_name(s.staff),
            }
            for s in queries.plan_slots(plan)
        ],
    }


def _staff_name(person: User | None) -> str | None:
    return str(person) if person else None


class PlanIn(Schema):
    campus: Id | None = Field(None, description="Only for staff of several campuses.")


@router.post("/immersion/days/{date}/plan", response={201: PlanOut, **ERRORS})
def plan_compute(request: HttpRequest, date: dt.date, body: PlanIn | None = None):
    """Compute a rotation for the day's confirmed visits (campus staff). A day with no
    rotation still gets a plan: its `solver_status` says so and `reasons` say why."""
    campus = campus_for(request.user, body.campus if body else None)
    plan = planning.day_plan_compute(actor=request.user, campus_id=campus.pk, date=date)
    return Status(201, plan_out(plan))


@router.get("/immersion/plans/{plan_id}", response={200: PlanOut, **ERRORS})
def plan_detail(request: HttpRequest, plan_id: PathId):
    return plan_out(get_plan_for_user(request.user, plan_id))


@router.post("/immersion/plans/{plan_id}/accept", response={200: PlanOut, **ERRORS})
def plan_accept(request: HttpRequest, plan_id: PathId):
    """Book every room of the plan through the booking rules, all or none, and tell the
    teachers."""
    get_plan_for_user(request.user, plan_id)
    plan = planning.day_plan_accept(actor=request.user, plan_id=plan_id)
    return plan_out(plan)


class MoveIn(Schema):
    start: dt.time = Field(description="The slot's new start, campus time (5-minute steps)")


@router.post("/immersion/slots/{slot_id}/move", response={200: PlanOut, **ERRORS})
def slot_move(request: HttpRequest, slot_id: PathId, body: MoveIn):
    """Move a group's turn in a proposed plan; refused (409 `breaks_rotation`, saying
    which rule) when any rule of the rotation would break."""
    plan = plan_edits.plan_slot_move(actor=request.user, slot_id=slot_id, start=body.start)
    return plan_out(plan)


class SwapIn(Schema):
    other: Id = Field(description="Another group's slot at the same station")


@router.post("/immersion/slots/{slot_id}/swap", response={200: PlanOut, **ERRORS})
def slot_swap(request: HttpRequest, slot_id: PathId, body: SwapIn):
    """Two groups exchange their turns at a station, checked like a move."""
    plan = plan_edits.plan_slots_swap(actor=request.user, slot_id=slot_id, other_id=body.other)
    return plan_out(plan)


def _planned(request: HttpRequest, visit_id: int) -> tuple[Visit, DayPlan]:
    visit = get_visit_for_user(request.user, visit_id)
    plan = queries.accepted_plan(visit)
    if plan is None:
        raise NotFound(_("This visit has no accepted day plan yet."), code="not_planned")
    return visit, plan


@router.get("/immersion/visits/{visit_id}/plan.pdf", response=ERRORS, openapi_extra=PDF)
def visit_plan_pdf(request: HttpRequest, visit_id: PathId):
    """The class's day plan: a page per group with its route, times, rooms and map
    references."""
    visit, plan = _planned(request, visit_id)
    return printouts.pdf_response(printouts.class_plan_pdf(plan, visit), f"day-plan-{visit.pk}.pdf")


@router.get("/immersion/visits/{visit_id}/certificates.pdf", response=ERRORS, openapi_extra=PDF)
def visit_certificates_pdf(request: HttpRequest, visit_id: PathId):
    """A certificate per pupil, the name left blank to write by hand."""
    visit, _plan = _planned(request, visit_id)
    return printouts.pdf_response(printouts.certificates_pdf(visit), f"certificates-{visit.pk}.pdf")


@router.get("/immersion/plans/{plan_id}/stations.pdf", response=ERRORS, openapi_extra=PDF)
def plan_stations_pdf(request: HttpRequest, plan_id: PathId):
    """Each station's schedule, for the staff running it."""
    plan = get_plan_for_user(request.user, plan_id)
    return printouts.pdf_response(
        printouts.station_schedules_pdf(plan), f"stations-{plan.date:%Y-%m-%d}.pdf"
    )
