"""A founder's home: each application's status; in the cohort, the next milestone and the
next KPI report to file."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from biocampus.accelerator.models import Application
from biocampus.accelerator.models.cohort import quarter_start
from biocampus.accelerator.services.applications import application_submit
from biocampus.accelerator.services.cohort import kpi_report_set, milestone_set
from biocampus.accelerator.tests.conftest import complete_application

pytestmark = pytest.mark.django_db


def founder_home(client, founder):
    client.force_login(founder)
    return client.get("/").context["blocks"]["founder"]


def test_a_founder_sees_a_draft_then_the_cohort_tasks(client, founder, call):
    draft = complete_application(founder, call)
    rows = founder_home(client, founder)["applications"]
    assert [(r["application"].pk, r["application"].status) for r in rows] == [(draft.pk, "draft")]
    assert "Draft: submit before" in client.get("/").content.decode()

    application_submit(actor=founder, application=draft)
    Application.objects.filter(pk=draft.pk).update(status="accepted", decided_at=timezone.now())
    accepted = Application.objects.get(pk=draft.pk)
    today = timezone.localdate()
    milestone_set(actor=founder, application=accepted, title="GMP pilot batch", due_on=today)
    row = founder_home(client, founder)["applications"][0]
    assert row["milestone"].title == "GMP pilot batch"
    this_quarter = quarter_start(today)
    last_quarter = quarter_start(this_quarter - dt.timedelta(days=1))
    assert row["kpi_due"] == last_quarter
    kpi_report_set(
        actor=founder, application=accepted, quarter=last_quarter, jobs_fte=Decimal(2), trl=4
    )
    assert founder_home(client, founder)["applications"][0]["kpi_due"] == this_quarter
    assert "Next milestone: GMP pilot batch" in client.get("/").content.decode()


def test_people_without_an_application_get_no_founder_block(client, acc_staff):
    assert founder_home(client, acc_staff) is None


def test_the_founder_sees_charts_of_their_quarterly_figures(client, founder, call):
    application = application_submit(actor=founder, application=complete_application(founder, call))
    Application.objects.filter(pk=application.pk).update(status="accepted")
    client.force_login(founder)
    page = client.get(f"/accelerator/applications/{application.pk}/").content.decode()
    assert "chart-figure" not in page  # no figures yet, no empty chart
    today = timezone.localdate()
    last_quarter = quarter_start(quarter_start(today) - dt.timedelta(days=1))
    kpi_report_set(
        actor=founder,
        application=Application.objects.get(pk=application.pk),
        quarter=last_quarter,
        jobs_fte=Decimal("3.5"),
        funds_raised=Decimal(250000),
        trl=5,
    )
    page = client.get(f"/accelerator/applications/{application.pk}/").content.decode()
    assert page.count('class="chart-figure"') == 2
    label = f"{last_quarter.year} Q{(last_quarter.month - 1) // 3 + 1}"
    assert f">{label}</text>" in page
    assert ">3.5</text>" in page
    assert ">250,000</text>" in page
