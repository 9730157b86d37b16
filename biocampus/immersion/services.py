"""Writes of the immersion capability: a teacher's visit request and its date."""

import datetime as dt
import unicodedata

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import Membership, OrganisationKind, User
from biocampus.common.audit import audit
from biocampus.common.errors import Conflict, DomainError, Forbidden, NotFound
from biocampus.facilities.access import is_facility_manager
from biocampus.immersion.access import check_campus
from biocampus.immersion.clock import minutes_of
from biocampus.immersion.models import (
    MAX_PUPILS,
    DayPlan,
    FormatLength,
    ImmersionFormat,
    PlanStatus,
    Visit,
    VisitDay,
    VisitFeedback,
    VisitLanguage,
    VisitStatus,
)
from biocampus.outbox.queue import notify

MAX_DATES = 3
LUNCH_MINUTES = 45  # a whole day includes lunch on campus
MAX_ADULTS = 10


def visit_request(
    *,
    actor: User,
    school_id: int,
    format_id: int,
    class_name: str,
    school_year: int,
    pupils: int,
    adults: int,
    language: str,
    arrival: dt.time,
    departure: dt.time,
    dates: list[dt.date],
    accessibility: str = "",
    municipality: str = "",
) -> Visit:
    """A class's visit, asked for one of a few acceptable days. The class is a count:
    nothing about a pupil is asked or kept."""
    school = _school_of(actor, school_id)
    fmt = (
        ImmersionFormat.objects.filter(pk=format_id, published=True)
        .prefetch_related("stations")
        .first()
    )
    if fmt is None:
        raise NotFound(_("Not found."))
    if arrival.tzinfo or departure.tzinfo:
        raise DomainError(
            _("Give the times as campus times, without a time zone."), code="invalid_times"
        )
    class_name, municipality = _one_line(class_name), _one_line(municipality)
    accessibility = _one_line(accessibility)
    if not class_name or len(class_name) > 60:
        raise DomainError(_("Name the class in 1 to 60 characters."), code="invalid_class")
    if not 1 <= school_year <= 13:
        raise DomainError(_("School years run from 1 to 13."), code="invalid_school_year")
    if fmt.min_school_year and school_year < fmt.min_school_year:
        raise DomainError(
            _("This format is for school year %(n)d and above.") % {"n": fmt.min_school_year},
            code="too_young",
        )
    if not 1 <= pupils <= MAX_PUPILS:
        raise DomainError(
            _("A visit is for 1 to %(n)d pupils; book two visits for more.") % {"n": MAX_PUPILS},
            code="invalid_pupils",
        )
    if not 1 <= adults <= MAX_ADULTS:
        raise DomainError(
            _("A class comes with 1 to %(n)d adults.") % {"n": MAX_ADULTS}, code="invalid_adults"
        )
    if language not in VisitLanguage.values:
        raise DomainError(_("Choose French or English."), code="invalid_language")
    _check_times(fmt, arrival, departure)
    days = _visit_days(fmt, dates, arrival, departure)
    with transaction.atomic():
        visit = Visit.objects.create(
            school=school,
            teacher=actor,
            format=fmt,
            class_name=class_name,
            school_year=school_year,
            pupils=pupils,
            adults=adults,
            language=language,
            accessibility=accessibility[:300],
            municipality=municipality[:80],
            arrival=arrival,
            departure=departure,
            acceptable_dates=[d.date.isoformat() for d in days],
        )
        audit(actor, "immersion.visit.request", visit, pupils=pupils, dates=len(days))
    return visit


def _one_line(text: str) -> str:
    """Whitespace runs (line breaks, tabs) as one space, other control characters
    dropped: these names go into e-mail subjects and printed plans."""
    text = "".join(c for c in text if c.isspace() or unicodedata.category(c) != "Cc")
    return " ".join(text.split())


def _school_of(actor: User, school_id: int):
    membership = (
        Membership.objects.select_related("organisation")
        .filter(user=actor, organisation_id=school_id, organisation__kind=OrganisationKind.SCHOOL)
        .first()
    )
    if membership is None:  # not a school, or not yours: the same answer
        raise NotFound(_("Not found."))
    return membership.organisation


def minimum_stay(fmt: ImmersionFormat) -> int:
    """Minutes on site one group needs: every station, and lunch on a whole day."""
    minutes = sum(s.minutes for s in fmt.stations.all())
    return minutes + (LUNCH_MINUTES if fmt.length == FormatLength.DAY else 0)


def _check_times(fmt: ImmersionFormat, arrival: dt.time, departure: dt.time) -> None:
    if departure <= arrival:
        raise DomainError(_("The class must leave after it arrives."), code="invalid_times")
    stay = minutes_of(departure) - minutes_of(arrival)
    needed = minimum_stay(fmt)
    if stay < needed:
        raise DomainError(
            _("This format needs at least %(h)d h %(m)02d on site.")
            % {"h": needed // 60, "m": needed % 60},
            code="stay_too_short",
        )


def _visit_days(
    fmt: ImmersionFormat, dates: list[dt.date], arrival: dt.time, departure: dt.time
) -> list[VisitDay]:
    wanted = sorted(set(dates))
    if not 1 <= len(wanted) <= MAX_DATES:
        raise DomainError(
            _("Give 1 to %(n)d acceptable dates.") % {"n": MAX_DATES}, code="invalid_dates"
        )
    if wanted[0] <= timezone.localdate():
        raise DomainError(_("Visits are booked for a later day."), code="invalid_dates")
    days = {d.date: d for d in VisitDay.objects.filter(campus=fmt.campus, date__in=wanted)}
    missing = [d for d in wanted if d not in days]
    if missing:
        raise DomainError(
            _("The campus does not welcome classes on %(d)s.") % {"d": missing[0].isoformat()},
            code="not_a_visit_day",
        )
    for day in days.values():
        if arrival < day.opens or departure > day.closes:
            raise DomainError(
                _("On %(d)s classes are welcome from %(a)s to %(b)s.")
                % {
                    "d": day.date.isoformat(),
                    "a": day.opens.strftime("%H:%M"),
                    "b": day.closes.strftime("%H:%M"),
                },
                code="outside_hours",
            )
    return [days[d] for d in wanted]


def visit_schedule(*, actor: User, visit_id: int, date: dt.date) -> Visit:
    """The campus answers a request: one of the teacher's dates confirms the visit;
    another visit day is proposed to the teacher, who accepts or declines it."""
    if not is_facility_manager(actor):
        raise Forbidden(_("Only the campus schedules visits."))
    campus_id = Visit.objects.filter(pk=visit_id).values_list("format__campus_id", flat=True)
    campus_id = campus_id.first()
    if campus_id is None:
        raise NotFound(_("Not found."))
    check_campus(actor, campus_id)
    with transaction.atomic():
        _lock_day(campus_id, date)
        visits = Visit.objects.select_for_update(of=("self",)).select_related("format")
        visit = visits.get(pk=visit_id)
        if visit.status not in (VisitStatus.REQUESTED, VisitStatus.OTHER_DATE):
            raise Conflict(_("This visit is no longer waiting for a date."), code="not_waiting")
        _visit_days(visit.format, [date], visit.arrival, visit.departure)
        _not_planned_yet(visit.format.campus_id, date)
        asked = date.isoformat() in visit.acceptable_dates
        visit.date = date
        visit.status = VisitStatus.CONFIRMED if asked else VisitStatus.OTHER_DATE
        visit.save(update_fields=["date", "status"])
        audit(actor, "immersion.visit.schedule", visit, date=date.isoformat(), status=visit.status)
        notify(f"immersion.visit.{visit.status}", [(visit.teacher_id, {"visit": visit.pk})])
    return visit


def _lock_day(campus_id: int, date: dt.date) -> None:
    # The visit day's row before the visit's, in the order accepting a plan takes them:
    # a visit confirmed while its day is being accepted waits, then finds it planned.
    VisitDay.objects.select_for_update().filter(campus_id=campus_id, date=date).first()


def _not_planned_yet(campus_id: int, date: dt.date) -> None:
    """A day whose rotation is accepted takes no more classes: its rooms are booked for
    the classes planned."""
    if DayPlan.objects.filter(campus_id=campus_id, date=date, status=PlanStatus.ACCEPTED).exists():
        raise Conflict(
            _("The visits of %(d)s are planned already: choose another day.")
            % {"d": date.isoformat()},
            code="day_planned",
        )


def visit_answer_date(*, actor: User, visit_id: int, accept: bool) -> Visit:
    """The teacher takes the date the campus proposed, or declines it (the visit goes
    back to waiting for a date on their own list)."""
    mine = Visit.objects.filter(pk=visit_id, teacher=actor)
    proposed = mine.values_list("format__campus_id", "date").first()
    if proposed is None:
        raise NotFound(_("Not found."))
    with transaction.atomic():
        if proposed[1] is not None:
            _lock_day(*proposed)
        visit = mine.select_for_update(of=("self",)).get()
        if visit.status != VisitStatus.OTHER_DATE or visit.date != proposed[1]:
            raise Conflict(_("No other date is waiting for your answer."), code="no_proposal")
        if accept:
            # The day may have been withdrawn since it was proposed.
            fmt = ImmersionFormat.objects.get(pk=visit.format_id)
            _visit_days(fmt, [visit.date], visit.arrival, visit.departure)
            _not_planned_yet(fmt.campus_id, visit.date)
            visit.status = VisitStatus.CONFIRMED
        else:
            visit.status, visit.date = VisitStatus.REQUESTED, None
        visit.save(update_fields=["status", "date"])
        audit(actor, "immersion.visit.answer", visit, accepted=accept)
    return visit


MAX_FEEDBACK = 1000


def visit_feedback(
    *, actor: User, visit_id: int, rating: int, liked: str = "", improve: str = ""
) -> VisitFeedback:
    """The teacher's answer once the class has come: a rating and two short texts, given
    once."""
    if not 1 <= rating <= 5:
        raise DomainError(_("Rate the day from 1 to 5."), code="invalid_rating")
    liked, improve = liked.strip(), improve.strip()
    if len(liked) > MAX_FEEDBACK or len(improve) > MAX_FEEDBACK:
        raise DomainError(
            _("Keep each answer under %(n)d characters.") % {"n": MAX_FEEDBACK},
            code="too_long",
        )
    with transaction.atomic():
        visit = Visit.objects.select_for_update().filter(pk=visit_id, teacher=actor).first()
        if visit is None:
            raise NotFound(_("Not found."))
        if visit.status != VisitStatus.PLANNED or visit.date > timezone.localdate():
            raise Conflict(_("Feedback opens on the day of the visit."), code="not_yet")
        if VisitFeedback.objects.filter(visit=visit).exists():
            raise Conflict(_("You have already answered for this visit."), code="answered")
        feedback = VisitFeedback.objects.create(
            visit=visit, rating=rating, liked=liked, improve=improve
        )
        audit(actor, "immersion.visit.feedback", visit, rating=rating)
    return feedback
