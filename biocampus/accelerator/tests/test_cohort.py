import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from biocampus.accelerator.models import Application
from biocampus.accelerator.models.cohort import quarter_start
from biocampus.accelerator.queries import jobs_created
from biocampus.accelerator.services.applications import application_submit
from biocampus.accelerator.services.cohort import (
    kpi_report_set,
    match_adjust,
    matches_confirm,
    matches_propose,
    mentor_profile_set,
    needs_set,
)
from biocampus.accelerator.tests.conftest import complete_application
from biocampus.common.errors import Conflict, DomainError, Forbidden
from biocampus.conftest import UserFactory, member

pytestmark = pytest.mark.django_db


def cohort(call, *names):
    apps = []
    for name in names:
        founder = UserFactory()
        app = application_submit(
            actor=founder, application=complete_application(founder, call, name)
        )
        Application.objects.filter(pk=app.pk).update(status="accepted", decided_at=timezone.now())
        app.refresh_from_db()
        apps.append(app)
    return apps


def test_mentors_are_matched_for_the_most_fit_then_adjusted_and_confirmed(
    call, acc_staff, accelerator
):
    a, b = cohort(call, "Cellula", "Vectoria")
    needs_set(
        actor=a.founder,
        application=a,
        tags=["GMP", "fundraising"],
        sectors=["cgt"],
        languages=["fr"],
    )
    needs_set(actor=b.founder, application=b, tags=["gmp"], languages=["fr", "en"])
    strong, weak = member(accelerator, "mentor"), member(accelerator, "mentor")
    mentor_profile_set(actor=strong, tags=["gmp", "fundraising"], languages=["fr"], capacity=1)
    mentor_profile_set(
        actor=weak, tags=["fundraising"], sectors=["cgt"], languages=["fr"], capacity=1
    )
    with pytest.raises(Forbidden):
        mentor_profile_set(actor=UserFactory(), tags=["x"], languages=["fr"])
    with pytest.raises(DomainError):
        needs_set(actor=a.founder, application=a, languages=["xx"])

    matches = {m.application_id: m for m in matches_propose(actor=acc_staff, call=call)}
    # A with the weak mentor (fundraising + cgt = 3) and B with the strong one (gmp = 2)
    # beats A with the strong mentor (4) and B with nobody.
    assert matches[a.pk].mentor == weak
    assert matches[b.pk].mentor == strong
    assert matches[a.pk].explanation["tags"] == ["fundraising"]
    assert matches[a.pk].explanation["sectors"] == ["cgt"]
    match_adjust(actor=acc_staff, application=a, mentor=strong)
    with pytest.raises(Forbidden):
        match_adjust(actor=a.founder, application=a, mentor=weak)
    assert matches_confirm(actor=acc_staff, call=call) == 2


def test_quarterly_kpis_add_up_to_jobs_created(call, acc_staff):
    (a,) = cohort(call, "DiagNova")
    this_quarter = quarter_start(timezone.localdate())
    last_quarter = quarter_start(this_quarter - dt.timedelta(days=1))
    kpi_report_set(
        actor=a.founder,
        application=a,
        quarter=last_quarter,
        jobs_fte=2.5,
        funds_raised=500000,
        revenue=0,
        trl=4,
    )
    kpi_report_set(
        actor=a.founder,
        application=a,
        quarter=this_quarter + dt.timedelta(days=20),
        jobs_fte=1,
        trl=5,
        patents_filed=1,
    )
    kpi_report_set(
        actor=a.founder, application=a, quarter=this_quarter, jobs_fte=1.5, trl=5, patents_filed=1
    )  # a correction
    assert a.kpis.count() == 2
    assert jobs_created() == Decimal("4.0")
    from django.test import Client

    page = Client().get("/skills/jobs-gap/").content.decode()
    assert "Jobs created by accelerated start-ups (FTE)" in page
    assert Client().get("/api/v1/insights/jobs-gap").json()["startup_jobs_fte"] == 4.0
    with pytest.raises(DomainError) as exc:
        kpi_report_set(actor=a.founder, application=a, quarter=this_quarter, jobs_fte=-1, trl=5)
    assert exc.value.code == "negative"
    with pytest.raises(DomainError):
        kpi_report_set(
            actor=a.founder, application=a, quarter=this_quarter + dt.timedelta(days=100), trl=5
        )
    with pytest.raises(Forbidden):
        kpi_report_set(actor=UserFactory(), application=a, quarter=this_quarter, trl=5)
    outsider_app = complete_application(UserFactory(), call, "Not selected")
    with pytest.raises(Conflict):
        kpi_report_set(
            actor=outsider_app.founder, application=outsider_app, quarter=this_quarter, trl=5
        )
