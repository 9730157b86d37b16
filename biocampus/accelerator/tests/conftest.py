import datetime as dt

import pytest
from django.utils import timezone

from biocampus.accelerator.models import Call
from biocampus.accelerator.services.applications import call_create
from biocampus.conftest import OrganisationFactory, UserFactory, member

VALID_NUMBER = "0403.170.701"


@pytest.fixture
def accelerator(db):
    return OrganisationFactory(name="Gosselies Venture Lab", kind="accelerator")


@pytest.fixture
def acc_staff(accelerator):
    return member(accelerator, "staff", email="acc-staff@example.test")


@pytest.fixture
def call(acc_staff, accelerator) -> Call:
    now = timezone.now()
    return call_create(
        actor=acc_staff,
        operator=accelerator,
        title="Biotech seed 2027",
        description="Six months to prove your process.",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=10),
        cohort_size=2,
        published=True,
        criteria=[
            {"name": "Team", "weight": 2, "scale_max": 5},
            {"name": "Market", "weight": 1, "scale_max": 10},
        ],
        questions=[{"text": "Do you have lab needs?", "required": True}],
    )


@pytest.fixture
def founder(db):
    return UserFactory(email="founder@example.test", full_name="Fay Founder")


def close(call: Call) -> None:
    """Move the call's deadline into the past (as time passing would)."""
    Call.objects.filter(pk=call.pk).update(
        opens_at=timezone.now() - dt.timedelta(days=20),
        closes_at=timezone.now() - dt.timedelta(minutes=1),
    )
    call.refresh_from_db()


def complete_application(founder, call, name="Cellula"):
    from biocampus.accelerator.services.applications import application_start, application_update

    application = application_start(actor=founder, call=call, company_name=name)
    question = call.questions.get()
    return application_update(
        actor=founder,
        application=application,
        enterprise_number=VALID_NUMBER,
        pitch="Cheaper viral vectors.",
        trl=4,
        team_size=5,
        answers={question.pk: "Yes, BSL-2."},
    )


def make_pdf(*, author: str = "Fay Founder", title: str = "Cellula pitch deck") -> bytes:
    """A real one-page PDF whose document information and XMP name its author."""
    import io

    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    pdf.docinfo["/Author"] = author
    pdf.docinfo["/Title"] = title
    pdf.docinfo["/Creator"] = "Deck Maker 3"
    with pdf.open_metadata() as meta:
        meta["dc:creator"] = [author]
        meta["dc:title"] = title
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()
