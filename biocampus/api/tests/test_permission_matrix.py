"""Every API route, asked by each kind of user, answers the expected status.

The routes come from the OpenAPI schema: a new route without an entry in EXPECTED fails
`test_every_route_has_an_entry`. Each route is asked by eight personas in one world (an
operator's published programme and session, a learner enrolled in it, a verified
employer's vacancy, a founder's submitted application, a booking, a proposal...); every
request runs in a savepoint rolled back afterwards, so the personas do not disturb each
other.
"""

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from biocampus.accelerator.services.applications import (
    application_start,
    application_submit,
    application_update,
    attachment_add,
    call_create,
)
from biocampus.accelerator.tests.conftest import VALID_NUMBER, make_pdf
from biocampus.accounts.models import Membership, Organisation, Role, Verification
from biocampus.accounts.services import api_token_create, organisation_verification_request
from biocampus.api.urls import api as ninja_api
from biocampus.conftest import (
    PASSWORD,
    OrganisationFactory,
    UserFactory,
    make_programme,
    make_session,
    member,
)
from biocampus.credentials.services import credential_issue
from biocampus.enrolment.services import enrolment_create
from biocampus.facilities.models import OpeningHours, Resource, TimetableProposal
from biocampus.facilities.services import booking_create, calendar_token_reset
from biocampus.facilities.tests.conftest import at, next_weekday
from biocampus.immersion.models import ImmersionFormat, Station, VisitDay
from biocampus.immersion.planning import day_plan_accept, day_plan_compute
from biocampus.immersion.services import visit_request, visit_schedule
from biocampus.outcomes.services import hire_record, outcome_record
from biocampus.outcomes.tests.test_attribution import completed
from biocampus.skills.models import Framework, LearnerSkill
from biocampus.skills.services.contacts import contact_request_create
from biocampus.skills.services.profiles import consent_set
from biocampus.skills.services.vacancies import vacancy_create
from biocampus.skills.tests.conftest import make_job, make_skill

pytestmark = pytest.mark.django_db

PERSONAS = ("anon", "learner", "teacher", "staff", "other", "employer", "founder", "admin")


def rule(default: int, **overrides: int) -> dict[str, int]:
    """Expected statuses: anonymous 401 unless said, `default` for everyone else."""
    expected = dict.fromkeys(PERSONAS, default)
    expected["anon"] = 401
    expected.update(overrides)
    return expected


def public(status: int = 200) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, status)


def only(status: int, who: tuple[str, ...], visible: tuple[str, ...] = (), **others: int):
    """`who` get `status`; `visible` see the object but may not change it (403); the rest
    do not see it (404)."""
    expected = rule(404, **others)
    expected.update(dict.fromkeys(visible, 403))
    expected.update(dict.fromkeys(who, status))
    return expected


SIGNED_IN = ("learner", "teacher", "staff", "other", "employer", "founder", "admin")
NOT_STAFF = ("learner", "teacher", "other", "employer", "founder")

EXPECTED: dict[tuple[str, str], dict[str, int]] = {
    ("POST", "/api/v1/auth/token"): public(200),
    ("DELETE", "/api/v1/auth/token"): rule(204),
    ("GET", "/api/v1/auth/tokens"): rule(200),
    ("DELETE", "/api/v1/auth/tokens/{token_id}"): only(204, ("learner",)),
    ("POST", "/api/v1/me/export"): rule(202),
    ("GET", "/api/v1/me/export"): rule(404),  # nobody has asked yet
    ("GET", "/api/v1/me/export/archive"): rule(404),
    ("DELETE", "/api/v1/me"): rule(204),
    ("GET", "/api/v1/organisations/companies"): rule(403, admin=200),
    ("POST", "/api/v1/organisations/{organisation_id}/verification"): only(
        409, ("founder",), visible=("admin",)
    ),
    ("POST", "/api/v1/organisations/{organisation_id}/verify"): only(
        200, ("admin",), visible=("founder",)
    ),
    ("POST", "/api/v1/organisations/{organisation_id}/suspend"): only(
        200, ("admin",), visible=("founder",)
    ),
    ("GET", "/api/v1/programmes"): public(200),
    ("POST", "/api/v1/programmes"): rule(403, staff=201, other=201, admin=400),
    ("GET", "/api/v1/programmes/{programme_id}"): public(200),
    ("POST", "/api/v1/programmes/{programme_id}/sessions"): rule(403, staff=201, admin=201),
    ("GET", "/api/v1/sessions/{session_id}"): public(200),
    ("POST", "/api/v1/sessions/{session_id}/enrolments"): rule(201, learner=409),
    ("GET", "/api/v1/sessions/{session_id}/enrolments"): rule(403, staff=200, admin=200),
    ("POST", "/api/v1/enrolments/{enrolment_id}/cancel"): only(200, ("learner", "staff", "admin")),
    ("GET", "/api/v1/me/enrolments"): rule(200),
    # The session has not started: even its staff cannot complete the enrolment yet.
    ("POST", "/api/v1/enrolments/{enrolment_id}/complete"): only(
        409, ("staff", "admin"), visible=("learner",)
    ),
    ("GET", "/api/v1/skills"): public(200),
    ("GET", "/api/v1/occupations"): public(200),
    ("POST", "/api/v1/skills/extract"): rule(200),
    ("GET", "/api/v1/me/skills"): rule(200),
    ("PUT", "/api/v1/me/skills"): rule(200),
    ("PUT", "/api/v1/me/consent"): rule(200),
    ("GET", "/api/v1/me/gap"): rule(200),
    ("POST", "/api/v1/me/pathway"): rule(200),
    ("POST", "/api/v1/me/pathway/enrol"): rule(200),
    ("GET", "/api/v1/programmes/{programme_id}/skills"): public(200),
    ("PUT", "/api/v1/programmes/{programme_id}/skills"): rule(403, staff=200, admin=200),
    ("GET", "/api/v1/vacancies"): rule(200),
    ("POST", "/api/v1/vacancies"): rule(403, employer=201, admin=201),
    ("GET", "/api/v1/vacancies/{vacancy_id}"): rule(200),
    ("PATCH", "/api/v1/vacancies/{vacancy_id}"): rule(403, employer=200, admin=200),
    # Open, so not deletable even by its employer: close it instead.
    ("DELETE", "/api/v1/vacancies/{vacancy_id}"): rule(403, employer=409, admin=409),
    ("GET", "/api/v1/vacancies/{vacancy_id}/candidates"): rule(403, employer=200, admin=200),
    ("POST", "/api/v1/vacancies/{vacancy_id}/hires"): rule(403, employer=201, admin=201),
    ("GET", "/api/v1/vacancies/{vacancy_id}/hires"): rule(403, employer=200, admin=200),
    ("POST", "/api/v1/vacancies/{vacancy_id}/close"): rule(403, employer=200, admin=200),
    ("POST", "/api/v1/hires/{hire_id}/answer"): only(200, ("learner",)),
    ("GET", "/api/v1/me/outcomes"): rule(200),
    ("POST", "/api/v1/me/outcomes"): rule(201),
    ("PATCH", "/api/v1/me/outcomes/{outcome_id}"): only(200, ("learner",)),
    ("GET", "/api/v1/vacancies/{vacancy_id}/candidates/{learner_id}"): rule(
        403, employer=200, admin=200
    ),
    ("POST", "/api/v1/vacancies/{vacancy_id}/candidates/{learner_id}/contact"): rule(
        403, employer=201, admin=201
    ),
    ("GET", "/api/v1/me/contact-requests"): rule(200),
    ("POST", "/api/v1/me/contact-requests/{request_id}"): only(200, ("learner",)),
    ("GET", "/api/v1/me/vacancies"): rule(200),
    ("PUT", "/api/v1/forecasts"): rule(403, employer=200, admin=200),
    ("GET", "/api/v1/forecasts"): rule(200),
    ("GET", "/api/v1/insights/jobs-gap"): public(200),
    ("GET", "/api/v1/insights/jobs-gap.csv"): public(200),
    ("GET", "/api/v1/insights/jobs-gap.xlsx"): public(200),
    ("GET", "/api/v1/insights/outcomes"): public(200),
    ("GET", "/api/v1/me/credentials"): rule(200),
    ("GET", "/api/v1/credentials/{credential_id}"): public(200),
    # Another organisation's credential is the same 404 as a missing one.
    ("POST", "/api/v1/credentials/{credential_id}/revoke"): rule(404, staff=200, admin=200),
    ("POST", "/api/v1/credentials/{credential_id}/suspend"): rule(404, staff=200, admin=200),
    # Allowed, but the credential is not suspended: the state refuses, not the role.
    ("POST", "/api/v1/credentials/{credential_id}/reinstate"): rule(404, staff=409, admin=409),
    ("POST", "/api/v1/credentials/{credential_id}/reissue"): rule(404, staff=200, admin=200),
    ("POST", "/api/v1/credentials/verify"): public(200),
    ("GET", "/api/v1/issuers/{issuer_id}"): public(200),
    ("GET", "/api/v1/insights/unmet-demand"): public(200),
    # The campus and operators' staff; the teacher and the learner run no programme.
    ("GET", "/api/v1/insights/capacity-advice"): rule(403, staff=200, other=200, admin=200),
    ("GET", "/api/v1/resources"): public(200),
    ("GET", "/api/v1/resources/{resource_id}/availability"): public(200),
    # The learner belongs to no organisation to book for; the teacher books for their school.
    ("POST", "/api/v1/bookings"): rule(201, learner=400),
    ("GET", "/api/v1/bookings/{booking_id}"): only(200, ("staff", "admin")),
    ("POST", "/api/v1/bookings/{booking_id}/approve"): only(409, ("admin",), visible=("staff",)),
    ("POST", "/api/v1/bookings/{booking_id}/reject"): only(409, ("admin",), visible=("staff",)),
    ("POST", "/api/v1/bookings/{booking_id}/cancel"): only(200, ("staff", "admin")),
    ("GET", "/api/v1/me/bookings"): rule(200),
    ("POST", "/api/v1/maintenance"): rule(403, admin=201),
    ("GET", "/api/v1/resources/{resource_id}/calendar.ics"): public(200),
    ("POST", "/api/v1/me/calendar"): rule(200),
    ("GET", "/api/v1/calendar/{secret}.ics"): public(200),
    ("GET", "/api/v1/usage"): rule(200, learner=403),
    ("GET", "/api/v1/usage.csv"): rule(200, learner=403),
    ("GET", "/api/v1/usage.xlsx"): rule(200, learner=403),
    ("POST", "/api/v1/timetable/proposals"): rule(201, learner=400),
    ("GET", "/api/v1/timetable/proposals/{proposal_id}"): only(200, ("staff",)),
    ("POST", "/api/v1/timetable/proposals/{proposal_id}/accept"): only(200, ("staff",)),
    ("POST", "/api/v1/sessions/{session_id}/room"): rule(403, staff=201, admin=201),
    ("GET", "/api/v1/calls"): public(200),
    ("GET", "/api/v1/calls/{call_id}"): public(200),
    ("POST", "/api/v1/calls/{call_id}/applications"): rule(201),
    ("GET", "/api/v1/applications/{application_id}"): only(200, ("founder", "admin")),
    # Submitted: no longer editable, even by its founder.
    ("PATCH", "/api/v1/applications/{application_id}"): only(409, ("founder",), visible=("admin",)),
    ("POST", "/api/v1/applications/{application_id}/submit"): only(
        409, ("founder",), visible=("admin",)
    ),
    ("GET", "/api/v1/me/applications"): rule(200),
    ("GET", "/api/v1/me/reviews"): rule(200),
    ("POST", "/api/v1/applications/{application_id}/review"): rule(404),
    ("POST", "/api/v1/applications/{application_id}/conflict"): rule(404),
    ("GET", "/api/v1/calls/{call_id}/ranking"): rule(403, admin=200),
    # The call is still open: nobody selects yet.
    ("POST", "/api/v1/calls/{call_id}/selection"): rule(403, admin=409),
    # Not (yet) in the cohort: no quarterly figures.
    ("PUT", "/api/v1/applications/{application_id}/kpis"): only(409, ("founder", "admin")),
    ("GET", "/api/v1/applications/{application_id}/kpis"): only(200, ("founder", "admin")),
    ("GET", "/api/v1/attachments/{attachment_id}"): only(200, ("founder", "admin")),
    ("GET", "/api/v1/immersion/formats"): public(200),
    ("POST", "/api/v1/immersion/visits"): only(201, ("teacher",)),
    ("GET", "/api/v1/me/visits"): rule(200),
    ("GET", "/api/v1/immersion/visits/{visit_id}"): only(200, ("teacher", "admin")),
    # The visit is planned already: the campus may schedule visits, not this one again.
    ("POST", "/api/v1/immersion/visits/{visit_id}/schedule"): rule(403, admin=409),
    ("POST", "/api/v1/immersion/visits/{visit_id}/answer"): only(409, ("teacher",)),
    # Its day has not come: feedback is not open yet.
    ("POST", "/api/v1/immersion/visits/{visit_id}/feedback"): only(409, ("teacher",)),
    ("POST", "/api/v1/immersion/visits/{visit_id}/badge"): rule(403, admin=409),
    ("GET", "/api/v1/immersion/visits/{visit_id}/plan.pdf"): only(200, ("teacher", "admin")),
    ("GET", "/api/v1/immersion/visits/{visit_id}/certificates.pdf"): only(
        200, ("teacher", "admin")
    ),
    ("POST", "/api/v1/immersion/days/{date}/plan"): only(201, ("admin",)),
    ("GET", "/api/v1/immersion/plans/{plan_id}"): only(200, ("admin",)),
    ("POST", "/api/v1/immersion/plans/{plan_id}/accept"): only(200, ("admin",)),
    ("GET", "/api/v1/immersion/plans/{plan_id}/stations.pdf"): only(200, ("admin",)),
    ("POST", "/api/v1/immersion/slots/{slot_id}/move"): rule(403, admin=200),
    # One group on the day: no other group to swap with.
    ("POST", "/api/v1/immersion/slots/{slot_id}/swap"): rule(403, admin=400),
}


@dataclass
class World:
    users: dict
    ids: dict
    bodies: dict


@pytest.fixture
def world(db) -> World:
    campus = OrganisationFactory(name="Campus", kind="campus")
    admin = member(campus, Role.ADMIN)
    operator_a, operator_b = OrganisationFactory(), OrganisationFactory()
    staff, other = member(operator_a), member(operator_b)
    programme = make_programme(staff, operator_a)
    monday = next_weekday(0, weeks=3)
    session = make_session(
        staff,
        programme,
        capacity=3,
        starts_at=at(monday, 9),
        ends_at=at(monday, 16),
        enrolment_deadline=at(monday, 8),
    )
    learner, teacher = UserFactory(), UserFactory(audience="teacher")
    enrolment = enrolment_create(actor=learner, session_id=session.pk)

    framework = Framework.objects.create(slug="test", name="Test framework")
    hplc = make_skill(framework, "hplc")
    job = make_job(framework, "qc-analyst", essential=[hplc])
    company = OrganisationFactory(
        kind="company", verification=Verification.VERIFIED, enterprise_number="0400000086"
    )
    employer = member(company, Role.RECRUITER)
    vacancy = vacancy_create(
        actor=employer,
        employer_id=company.pk,
        occupation_id=job.pk,
        title="QC analyst",
        location="Gosselies",
        contract="permanent",
        openings=2,
        closes_on=timezone.localdate() + dt.timedelta(days=30),
        status="open",
    )
    candidate = UserFactory()
    for person in (learner, candidate):
        LearnerSkill.objects.create(learner=person, skill=hplc, source="verified")
        consent_set(actor=person, findable=True)
    contact = contact_request_create(actor=employer, vacancy=vacancy, learner_id=learner.pk)
    outcome = outcome_record(actor=learner, status="looking")
    badge = credential_issue(
        enrolment=completed(staff, operator_a, learner, "GMP basics", dt.date(2026, 5, 4))
    )
    hire = hire_record(
        actor=employer,
        vacancy=vacancy,
        learner_email=learner.email,
        start_date=timezone.localdate() + dt.timedelta(days=40),
        contract="permanent",
    )

    lab = Resource.objects.create(
        name="Lab", slug="lab", kind="wet_lab", capacity=12, organisation=campus
    )
    for weekday in range(5):
        OpeningHours.objects.create(
            resource=lab, weekday=weekday, opens=dt.time(8), closes=dt.time(20)
        )
    day = next_weekday(2, weeks=2)
    booking = booking_create(
        actor=staff,
        resource_id=lab.pk,
        organisation_id=operator_a.pk,
        starts_at=at(day, 9),
        ends_at=at(day, 10),
        purpose="event",
    ).bookings[0]
    proposal = TimetableProposal.objects.create(
        organisation=operator_a,
        created_by=staff,
        window_start=at(day, 0),
        window_end=at(day, 0) + dt.timedelta(days=5),
        meetings=[],
        placements=[],
        cost=0,
        status="optimal",
    )

    accelerator = OrganisationFactory(kind="accelerator")
    acc_staff = member(accelerator, Role.STAFF)
    now = timezone.now()
    call = call_create(
        actor=acc_staff,
        operator=accelerator,
        title="Seed",
        description="Six months.",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=10),
        cohort_size=2,
        published=True,
        criteria=[{"name": "Team", "weight": 1, "scale_max": 5}],
    )
    founder = UserFactory()
    application = application_start(actor=founder, call=call, company_name="Helixa")
    application = application_update(
        actor=founder, application=application, enterprise_number=VALID_NUMBER, pitch="Vectors."
    )
    attachment = attachment_add(
        actor=founder,
        application=application,
        upload=SimpleUploadedFile("deck.pdf", make_pdf(), "application/pdf"),
    )
    application_submit(actor=founder, application=application)
    startup = application.company
    organisation_verification_request(
        actor=founder, organisation=startup, enterprise_number=VALID_NUMBER
    )
    school = OrganisationFactory(kind="school")
    Membership.objects.create(user=teacher, organisation=school, role=Role.STAFF)
    fmt = ImmersionFormat.objects.create(
        campus=campus, name="Discovery", slug="discovery", length="half_day", published=True
    )
    Station.objects.create(format=fmt, name="Lab tour", minutes=45, resource=lab)
    visit_days = [next_weekday(3, weeks=3), next_weekday(3, weeks=4)]
    for when in visit_days:
        VisitDay.objects.create(campus=campus, date=when, opens=dt.time(9), closes=dt.time(16))
    visits = {}
    for when in visit_days:
        visits[when] = visit_request(
            actor=teacher, school_id=school.pk, format_id=fmt.pk, class_name="3B",
            school_year=9, pupils=8, adults=1, language="fr", arrival=dt.time(9),
            departure=dt.time(15), dates=[when],
        )  # fmt: skip
        visit_schedule(actor=admin, visit_id=visits[when].pk, date=when)
    planned = day_plan_compute(actor=admin, campus_id=campus.pk, date=visit_days[1])
    day_plan_accept(actor=admin, plan_id=planned.pk)
    day_plan = day_plan_compute(actor=admin, campus_id=campus.pk, date=visit_days[0])
    token, _raw = api_token_create(user=learner, name="laptop")
    secret = calendar_token_reset(actor=learner)

    ids = {
        "token_id": token.pk,
        "organisation_id": startup.pk,
        "programme_id": programme.pk,
        "session_id": session.pk,
        "enrolment_id": enrolment.pk,
        "vacancy_id": vacancy.pk,
        "learner_id": candidate.pk,
        "request_id": contact.pk,
        "hire_id": hire.pk,
        "outcome_id": outcome.pk,
        "credential_id": str(badge.id),
        "issuer_id": operator_a.pk,
        "resource_id": lab.pk,
        "booking_id": booking.pk,
        "secret": secret,
        "proposal_id": proposal.pk,
        "call_id": call.pk,
        "application_id": application.pk,
        "attachment_id": attachment.pk,
        "visit_id": visits[visit_days[1]].pk,
        "plan_id": day_plan.pk,
        "slot_id": day_plan.slots.get().pk,
        "date": visit_days[0].isoformat(),
    }
    later = at(day, 11)
    starts = timezone.now() + dt.timedelta(days=20)
    bodies = {
        ("POST", "/api/v1/auth/token"): {"email": learner.email, "password": PASSWORD},
        ("DELETE", "/api/v1/me"): {"password": PASSWORD},
        ("POST", "/api/v1/organisations/{organisation_id}/verification"): {
            "enterprise_number": VALID_NUMBER
        },
        ("POST", "/api/v1/organisations/{organisation_id}/verify"): {},
        ("POST", "/api/v1/organisations/{organisation_id}/suspend"): {},
        ("POST", "/api/v1/programmes"): {
            "title": "Cleanroom basics",
            "summary": "Gowning and behaviour.",
            "pillar": "biomanufacturing",
            "format": "on_site",
            "languages": ["en"],
            "duration_hours": "7",
        },
        ("POST", "/api/v1/programmes/{programme_id}/sessions"): {
            "starts_at": starts.isoformat(),
            "ends_at": (starts + dt.timedelta(hours=7)).isoformat(),
            "capacity": 10,
        },
        ("POST", "/api/v1/sessions/{session_id}/enrolments"): {"seats": 1},
        ("POST", "/api/v1/enrolments/{enrolment_id}/complete"): {"outcome": "completed"},
        ("POST", "/api/v1/skills/extract"): {"text": "HPLC analysis", "framework": "test"},
        ("PUT", "/api/v1/me/skills"): {"declared": []},
        ("PUT", "/api/v1/me/consent"): {"findable": True},
        ("POST", "/api/v1/me/pathway"): {"occupation": job.pk},
        ("POST", "/api/v1/me/pathway/enrol"): {"session_ids": [session.pk]},
        ("PUT", "/api/v1/programmes/{programme_id}/skills"): {"teaches": [hplc.pk]},
        ("POST", "/api/v1/vacancies"): {
            "employer": company.pk,
            "occupation": job.pk,
            "title": "Analyst",
            "location": "Gosselies",
            "contract": "permanent",
            "closes_on": str(timezone.localdate() + dt.timedelta(days=20)),
            "status": "open",
        },
        ("PATCH", "/api/v1/vacancies/{vacancy_id}"): {"title": "Senior QC analyst"},
        ("POST", "/api/v1/vacancies/{vacancy_id}/candidates/{learner_id}/contact"): {},
        ("POST", "/api/v1/me/contact-requests/{request_id}"): {"accept": True},
        ("POST", "/api/v1/vacancies/{vacancy_id}/hires"): {
            "start_date": str(timezone.localdate() + dt.timedelta(days=30)),
            "contract": "fixed_term",
        },
        ("POST", "/api/v1/vacancies/{vacancy_id}/close"): {"reason": "unfilled"},
        ("POST", "/api/v1/hires/{hire_id}/answer"): {"accept": True},
        ("POST", "/api/v1/me/outcomes"): {"status": "looking"},
        ("POST", "/api/v1/credentials/{credential_id}/revoke"): {"reason": "Copied work"},
        ("POST", "/api/v1/credentials/{credential_id}/suspend"): {"reason": "Inquiry"},
        ("POST", "/api/v1/credentials/verify"): {"credential": badge.jwt},
        ("PATCH", "/api/v1/me/outcomes/{outcome_id}"): {
            "status": "employed",
            "employer_name": "NovaFerm",
            "start_date": str(timezone.localdate()),
        },
        ("PUT", "/api/v1/forecasts"): {
            "employer": company.pk,
            "occupation": job.pk,
            "year": timezone.localdate().year + 1,
            "headcount": 3,
        },
        ("POST", "/api/v1/bookings"): {
            "resource": lab.pk,
            "starts_at": later.isoformat(),
            "ends_at": (later + dt.timedelta(hours=1)).isoformat(),
            "purpose": "event",
        },
        ("POST", "/api/v1/maintenance"): {
            "resource": lab.pk,
            "starts_at": at(day, 14).isoformat(),
            "ends_at": at(day, 16).isoformat(),
            "reason": "Calibration",
        },
        ("POST", "/api/v1/timetable/proposals"): {
            "window_from": str(day),
            "window_to": str(day),
            "meetings": [{"ref": "m1", "duration_minutes": 60}],
        },
        ("POST", "/api/v1/sessions/{session_id}/room"): {"resource": lab.pk},
        ("POST", "/api/v1/calls/{call_id}/applications"): {"company_name": "Newco"},
        ("PATCH", "/api/v1/applications/{application_id}"): {"pitch": "Changed."},
        ("POST", "/api/v1/applications/{application_id}/review"): {"scores": []},
        ("POST", "/api/v1/applications/{application_id}/conflict"): {"reason": "Former job"},
        ("POST", "/api/v1/calls/{call_id}/selection"): {"decisions": {}},
        ("POST", "/api/v1/immersion/visits"): {
            "school": school.pk,
            "format": fmt.pk,
            "class_name": "4A",
            "school_year": 10,
            "pupils": 20,
            "language": "en",
            "arrival": "09:00",
            "departure": "15:00",
            "dates": [visit_days[0].isoformat()],
        },
        ("POST", "/api/v1/immersion/visits/{visit_id}/schedule"): {
            "date": visit_days[0].isoformat()
        },
        ("POST", "/api/v1/immersion/visits/{visit_id}/answer"): {"accept": True},
        ("POST", "/api/v1/immersion/visits/{visit_id}/feedback"): {"rating": 5},
        ("POST", "/api/v1/immersion/slots/{slot_id}/move"): {"start": "13:00"},
        ("POST", "/api/v1/immersion/slots/{slot_id}/swap"): {"other": day_plan.slots.get().pk},
        ("PUT", "/api/v1/applications/{application_id}/kpis"): {
            "quarter": str(timezone.localdate()),
            "trl": 4,
            "jobs_fte": str(Decimal(1)),
        },
    }
    users = {
        "anon": None,
        "learner": learner,
        "teacher": teacher,
        "staff": staff,
        "other": other,
        "employer": employer,
        "founder": founder,
        "admin": admin,
    }
    assert Membership.objects.filter(user=founder, organisation=startup).exists()
    assert Organisation.objects.get(pk=startup.pk).verification == Verification.REQUESTED
    return World(users, ids, bodies)


def routes() -> list[tuple[str, str]]:
    schema = ninja_api.get_openapi_schema()
    return sorted((method.upper(), path) for path, ops in schema["paths"].items() for method in ops)


def test_every_route_has_an_entry():
    assert set(routes()) == set(EXPECTED), (
        "routes without an expected status: "
        f"{sorted(set(routes()) - set(EXPECTED))}; stale entries: "
        f"{sorted(set(EXPECTED) - set(routes()))}"
    )


def ask(client, world: World, persona: str, method: str, path: str):
    url = path.format(**world.ids)
    user = world.users[persona]
    headers = {}
    if user is not None:
        headers["Authorization"] = f"Bearer {api_token_create(user=user)[1]}"
    month = timezone.localdate().strftime("%Y-%m")
    job = world.bodies[("POST", "/api/v1/me/pathway")]["occupation"]
    query = {
        "/api/v1/me/gap": f"?occupation={job}",
        "/api/v1/usage": f"?month={month}",
        "/api/v1/insights/capacity-advice": "?budget_eur=10000",
        "/api/v1/usage.csv": f"?month={month}",
        "/api/v1/usage.xlsx": f"?month={month}",
        "/api/v1/resources/{resource_id}/availability": "?from=2030-01-01T00:00:00Z"
        "&to=2030-01-02T00:00:00Z",
    }.get(path, "")
    body = world.bodies.get((method, path))
    if method == "GET":
        return client.get(url + query, headers=headers)
    return client.generic(
        method,
        url + query,
        data=b"" if body is None else json.dumps(body),
        content_type="application/json",
        headers=headers,
    )


@pytest.mark.parametrize(("method", "path"), sorted(EXPECTED))
def test_route_answers_each_persona_as_expected(client, world, method, path):
    got = {}
    for persona in PERSONAS:
        with transaction.atomic():
            got[persona] = ask(client, world, persona, method, path).status_code
            transaction.set_rollback(True)
    assert got == EXPECTED[method, path]
