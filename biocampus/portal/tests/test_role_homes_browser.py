"""Each role's home in Chromium at 1280 px and 390 px: signing in lands on it, it shows the
role's block, nothing scrolls sideways, the menu reaches every link, and axe-core finds no
serious or critical violation."""

import datetime as dt

import pytest
from django.utils import timezone

from biocampus.conftest import (
    OrganisationFactory,
    UserFactory,
    assert_accessible,
    make_programme,
    make_session,
    member,
    sign_in,
)
from biocampus.enrolment.services import enrolment_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 390)


def learner_home(staff, operator):
    session = make_session(staff, make_programme(staff, operator), days=5)
    learner = UserFactory(audience="job_seeker")
    enrolment_create(actor=learner, session_id=session.pk)
    return learner, "Your training", session.programme.title


def teacher_home(staff, operator):
    session = make_session(staff, make_programme(staff, operator), capacity=30, days=9)
    teacher = UserFactory(audience="teacher")
    enrolment_create(actor=teacher, session_id=session.pk, seats=24, group_name="5e B")
    return teacher, "Your class bookings", "5e B"


def operator_home(staff, operator):
    session = make_session(staff, make_programme(staff, operator), capacity=8, days=2)
    enrolment_create(actor=UserFactory(), session_id=session.pk)
    return staff, "Your sessions", "1 of 8 seats (12 %)"


def employer_home(staff, operator):
    from biocampus.skills.models import Framework, Occupation
    from biocampus.skills.services.vacancies import vacancy_create

    company = OrganisationFactory(
        kind="company", verification="verified", enterprise_number="0403170701"
    )
    recruiter = member(company, "recruiter")
    framework = Framework.objects.create(slug="t", name="Test framework", version="1")
    job = Occupation.objects.create(
        framework=framework, uri="urn:t:qc", code="qc", kind="occupation", labels={"en": "QC"}
    )
    vacancy_create(
        actor=recruiter,
        employer_id=company.pk,
        occupation_id=job.pk,
        title="QC analyst (HPLC)",
        location="Gosselies",
        contract="permanent",
        openings=2,
        closes_on=timezone.localdate() + dt.timedelta(days=30),
        status="open",
    )
    return recruiter, "Your open vacancies", "QC analyst (HPLC)"


def founder_home(staff, operator):
    from biocampus.accelerator.services.applications import application_start, call_create

    accelerator = OrganisationFactory(kind="accelerator")
    now = timezone.now()
    call = call_create(
        actor=member(accelerator, "staff"),
        operator=accelerator,
        title="Biotech seed 2027",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=10),
        cohort_size=2,
        published=True,
        criteria=[{"name": "Team", "weight": 1, "scale_max": 5}],
    )
    founder = UserFactory(audience="entrepreneur")
    application_start(actor=founder, call=call, company_name="Cellula")
    return founder, "Your start-up", "Cellula → Biotech seed 2027"


def admin_home(staff, operator):
    campus = OrganisationFactory(kind="campus")
    return member(campus, "admin"), "The campus today", "upcoming sessions"


HOMES = [learner_home, teacher_home, operator_home, employer_home, founder_home, admin_home]


@pytest.mark.parametrize("build", HOMES, ids=[h.__name__ for h in HOMES])
def test_each_role_lands_on_a_home_that_fits_any_screen(
    page, live_server, staff_a, operator_a, build
):
    person, heading, detail = build(staff_a, operator_a)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server.url, person.email)
    assert page.url == f"{live_server.url}/"
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/")
        assert page.get_by_role("heading", name=heading, exact=True).is_visible()
        assert page.get_by_text(detail).first.is_visible()
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{build.__name__} at {width} px is {scroll} px wide"
        if width < 900:
            page.get_by_role("button", name="Menu").click()
            for link in page.locator("#site-menu nav a").all():
                box = link.bounding_box()
                assert box is not None, link.inner_text()
                assert box["x"] + box["width"] <= width, link.inner_text()
        assert_accessible(page)
    assert errors == []
