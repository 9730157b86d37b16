"""A client nobody here wrote: openapi-python-client generates one from the published
schema, and the main flows run through it against a live server. Every answer must parse
into the generated models with nothing left over in `additional_properties`.

Run by `make test-api-client` (the generator lives in .venv-tools, its own environment;
OPENAPI_PYTHON_CLIENT points at it)."""

import datetime as dt
import importlib
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from biocampus.accounts.models import Role, Verification
from biocampus.api.urls import api
from biocampus.conftest import PASSWORD, OrganisationFactory, make_programme, make_session, member
from biocampus.facilities.models import OpeningHours, Resource
from biocampus.skills.models import Framework
from biocampus.skills.services.vacancies import vacancy_create
from biocampus.skills.tests.conftest import make_job

pytestmark = [pytest.mark.api_client, pytest.mark.django_db(transaction=True)]

CONFIG = Path(__file__).resolve().parents[3] / "tools" / "openapi-client" / "config.yml"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    generator = os.environ.get("OPENAPI_PYTHON_CLIENT")
    assert generator, "run through `make test-api-client` (it sets OPENAPI_PYTHON_CLIENT)"
    where = tmp_path_factory.mktemp("client")
    schema = where / "openapi.json"
    schema.write_text(json.dumps(api.get_openapi_schema(), default=str))
    result = subprocess.run(  # noqa: S603 — the pinned generator from tools/openapi-client
        [os.path.abspath(generator), "generate", "--path", str(schema), "--config", str(CONFIG)],
        cwd=where, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    # The generator warns about anything it had to leave out; nothing may be.
    assert "WARNING" not in result.stdout + result.stderr, result.stdout + result.stderr
    sys.path.insert(0, str(where / "biocampus-api-client"))
    yield importlib.import_module("biocampus_api_client")
    sys.path.remove(str(where / "biocampus-api-client"))


def op(package, group: str, name: str):
    return importlib.import_module(f"{package.__name__}.api.{group}.{name}")


def models(package):
    return importlib.import_module(f"{package.__name__}.models")


def no_leftovers(obj) -> None:
    """Every field the server sent is one the schema declared."""
    assert getattr(obj, "additional_properties", {}) == {}, type(obj).__name__


def test_the_main_flows_through_a_generated_client(
    generated, live_server, learner, staff_a, operator_a, programme_a, campus
):
    m = models(generated)
    base = live_server.url
    anonymous = generated.Client(base_url=base)

    # Token.
    token = op(generated, "auth", "create_token").sync(
        client=anonymous, body=m.TokenIn(email=learner.email, password=PASSWORD)
    )
    assert isinstance(token, m.TokenOut), token
    me = generated.AuthenticatedClient(base_url=base, token=token.token)

    # Catalogue with filters.
    session = make_session(staff_a, programme_a, capacity=2)
    make_programme(staff_a, operator_a, title="Python for process data", format="online")
    found = op(generated, "catalogue", "list_programmes").sync(
        client=anonymous, q="aseptic", format_="on_site"
    )
    assert [p.title for p in found.items] == [programme_a.title]
    no_leftovers(found.items[0])
    assert found.items[0].status == m.ProgrammeOutStatus.PUBLISHED

    # Enrol, list, cancel.
    enrolment = op(generated, "enrolment", "create_enrolment").sync(
        session.pk, client=me, body=m.EnrolmentIn(seats=1)
    )
    assert isinstance(enrolment, m.EnrolmentOut), enrolment
    assert enrolment.status == m.EnrolmentOutStatus.CONFIRMED
    mine = op(generated, "enrolment", "list_my_enrolments").sync(client=me)
    assert [e.id for e in mine.items] == [enrolment.id]
    no_leftovers(mine.items[0])
    cancelled = op(generated, "enrolment", "cancel_enrolment").sync(enrolment.id, client=me)
    assert cancelled.status == m.EnrolmentOutStatus.CANCELLED

    # An error comes back as the Error model, with its code.
    again = op(generated, "enrolment", "cancel_enrolment").sync(enrolment.id, client=me)
    assert isinstance(again, m.Error)
    assert again.code == "not_active"

    # Book a room, and a clash as a 409 whose conflicts parse.
    lab = Resource.objects.create(
        name="Wet lab", slug="wet-lab", kind="wet_lab", capacity=8,
        hourly_rate=Decimal("40"), organisation=campus,
    )  # fmt: skip
    for weekday in range(7):
        OpeningHours.objects.create(
            resource=lab, weekday=weekday, opens=dt.time(0), closes=dt.time(23, 59)
        )
    staff_token = op(generated, "auth", "create_token").sync(
        client=anonymous, body=m.TokenIn(email=staff_a.email, password=PASSWORD)
    )
    staff = generated.AuthenticatedClient(base_url=base, token=staff_token.token)
    starts = timezone.localtime(timezone.now() + dt.timedelta(days=3)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    booking = m.BookingIn(
        resource=lab.pk, organisation=operator_a.pk, starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2), purpose=m.BookingInPurpose.EVENT, title="Demo",
    )  # fmt: skip
    made = op(generated, "facilities", "create_booking").sync(client=staff, body=booking)
    assert isinstance(made, m.BookingCreated), made
    assert made.status == m.BookingCreatedStatus.APPROVED
    no_leftovers(made.bookings[0])
    clash = op(generated, "facilities", "create_booking").sync_detailed(client=staff, body=booking)
    assert clash.status_code == 409
    assert isinstance(clash.parsed, m.Error)
    assert clash.parsed.conflicts[0].bookings[0].id == made.id

    # Calendar download, as text.
    feed = op(generated, "facilities", "get_resource_calendar").sync(lab.pk, client=anonymous)
    assert isinstance(feed, str)
    assert "BEGIN:VCALENDAR" in feed

    # Usage as CSV, and as a workbook (bytes).
    month = starts.strftime("%Y-%m")
    usage_csv = op(generated, "facilities", "download_usage_csv").sync(client=staff, month=month)
    assert isinstance(usage_csv, str)
    assert "Wet lab" in usage_csv
    usage_xlsx = op(generated, "facilities", "download_usage_xlsx").sync(client=staff, month=month)
    assert usage_xlsx.payload.read()[:2] == b"PK"  # a zip container: an .xlsx file
    usage = op(generated, "facilities", "get_usage").sync(client=staff, month=month)
    no_leftovers(usage)
    assert usage.rows[0].resource == "Wet lab"

    # Vacancies.
    company = OrganisationFactory(
        kind="company", verification=Verification.VERIFIED, enterprise_number="0400000086"
    )
    recruiter = member(company, Role.RECRUITER)
    job = make_job(Framework.objects.create(slug="api-client", name="Test"), "qc-analyst")
    vacancy_create(
        actor=recruiter, employer_id=company.pk, occupation_id=job.pk, title="QC analyst",
        location="Gosselies", contract="permanent", openings=1,
        closes_on=timezone.localdate() + dt.timedelta(days=30), status="open",
    )  # fmt: skip
    vacancies = op(generated, "vacancies", "list_vacancies").sync(client=me)
    assert [v.title for v in vacancies.items] == ["QC analyst"]
    assert vacancies.items[0].contract == m.VacancyOutContract.PERMANENT
    no_leftovers(vacancies.items[0])
