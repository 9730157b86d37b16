import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from biocampus.accelerator.services.applications import (
    application_start,
    application_submit,
    application_update,
    attachment_add,
)
from biocampus.accelerator.tests.conftest import close, complete_application, make_pdf
from biocampus.accounts.models import Membership
from biocampus.common.errors import Conflict, DomainError, Forbidden
from biocampus.conftest import UserFactory

pytestmark = pytest.mark.django_db


def test_first_application_creates_the_startup_and_drafts_are_saved(founder, call):
    application = application_start(actor=founder, call=call, company_name="Cellula Therapeutics")
    assert application.company.kind == "company"
    assert Membership.objects.get(user=founder, organisation=application.company).role == "admin"
    application = application_update(
        actor=founder, application=application, pitch="Draft pitch", trl=3
    )
    assert (application.status, application.trl) == ("draft", 3)
    with pytest.raises(DomainError) as exc:
        application_update(actor=founder, application=application, enterprise_number="0403.170.702")
    assert exc.value.code == "invalid_enterprise_number"
    with pytest.raises(DomainError) as exc:
        application_update(actor=founder, application=application, trl=10)
    assert exc.value.code == "invalid_trl"
    with pytest.raises(Forbidden):
        application_update(actor=UserFactory(), application=application, pitch="Hijack")
    with pytest.raises(Conflict):
        application_start(actor=founder, call=call, company=application.company)


def test_submission_is_final_time_stamped_and_refused_when_late(founder, call):
    application = application_start(actor=founder, call=call, company_name="Vectoria")
    with pytest.raises(DomainError) as exc:
        application_submit(actor=founder, application=application)
    assert exc.value.code == "incomplete"
    assert "Do you have lab needs?" in str(exc.value.message)

    application = complete_application(founder, call, name="Other start-up")
    assert application.enterprise_number == "0403170701"
    submitted = application_submit(actor=founder, application=application)
    assert submitted.status == "submitted"
    assert submitted.submitted_at is not None
    with pytest.raises(Conflict):
        application_update(actor=founder, application=submitted, pitch="Too late to edit")

    late = complete_application(UserFactory(), call, name="Latecomer")
    close(call)
    with pytest.raises(Conflict) as exc:
        application_submit(actor=late.founder, application=late)
    assert exc.value.code == "call_closed"
    assert "late applications cannot be accepted" in str(exc.value.message)


def test_attachments_are_pdf_only_size_limited_and_private(founder, call, settings):
    application = application_start(actor=founder, call=call, company_name="DiagNova")
    with pytest.raises(DomainError) as exc:
        attachment_add(
            actor=founder,
            application=application,
            upload=SimpleUploadedFile("deck.pdf", b"MZ not a pdf", "application/pdf"),
        )
    assert exc.value.code == "not_pdf"
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "application/pdf")
    with pytest.raises(DomainError) as exc:
        attachment_add(actor=founder, application=application, upload=big)
    assert exc.value.code == "too_large"
    attachment = attachment_add(
        actor=founder,
        application=application,
        upload=SimpleUploadedFile("Our deck.pdf", make_pdf(), "application/pdf"),
    )
    path = attachment.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert "Our deck" not in path  # the applicant's file name is not in the path
    assert attachment.original_name == "Our deck.pdf"


def test_attachments_lose_their_metadata_and_polyglots_are_refused(founder, call):
    import io

    import pikepdf

    application = application_start(actor=founder, call=call, company_name="Helixa")
    original = make_pdf(author="Fay Founder", title="Helixa secret deck")
    assert b"Fay Founder" in original
    attachment = attachment_add(
        actor=founder,
        application=application,
        upload=SimpleUploadedFile("deck.pdf", original, "application/pdf"),
    )
    stored = attachment.file.read()
    assert b"Fay Founder" not in stored
    assert b"Helixa secret deck" not in stored
    with pikepdf.open(io.BytesIO(stored)) as pdf:
        assert len(pdf.pages) == 1  # the pages are kept
        assert "/Author" not in pdf.docinfo
        assert "/Metadata" not in pdf.Root
    # A file that claims to be a PDF but does not parse as one is refused.
    for bogus in (b"%PDF-1.7 <html><script>alert(1)</script>", b"PK\x03\x04%PDF-1.4"):
        with pytest.raises(DomainError) as refused:
            attachment_add(
                actor=founder,
                application=application,
                upload=SimpleUploadedFile("x.pdf", bogus, "application/pdf"),
            )
        assert refused.value.code == "not_pdf"
    # Whatever was appended after a real PDF (a second file format) is not stored.
    polyglot = make_pdf() + b"\n<html><script>alert(1)</script></html>"
    kept = attachment_add(
        actor=founder,
        application=application,
        upload=SimpleUploadedFile("deck2.pdf", polyglot, "application/pdf"),
    )
    assert b"<script>" not in kept.file.read()


def test_annotations_image_metadata_and_broken_files_do_not_survive(founder, call):
    import io

    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0]
    page.obj["/Annots"] = pdf.make_indirect(
        pikepdf.Array(
            [
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot,
                    Subtype=pikepdf.Name.Text,
                    Rect=[0, 0, 10, 10],
                    T=pikepdf.String("Jane Founder"),
                )
            ]
        )
    )
    image = pikepdf.Stream(pdf, b"\xff" * 3)
    image["/Metadata"] = pikepdf.Stream(pdf, b"<x:xmpmeta>Jane Founder</x:xmpmeta>")
    page.obj["/Resources"] = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
    out = io.BytesIO()
    pdf.save(out)
    application = application_start(actor=founder, call=call, company_name="Annotated")
    stored = attachment_add(
        actor=founder,
        application=application,
        upload=SimpleUploadedFile("deck.pdf", out.getvalue(), "application/pdf"),
    ).file.read()
    assert b"Jane Founder" not in stored
    broken = out.getvalue().replace(b"xref", b"xrfe")
    with pytest.raises(DomainError) as refused:
        attachment_add(
            actor=founder,
            application=application,
            upload=SimpleUploadedFile("broken.pdf", broken, "application/pdf"),
        )
    assert refused.value.code == "not_pdf"
