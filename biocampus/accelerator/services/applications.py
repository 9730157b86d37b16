"""Calls and applications: every write, with the deadline and eligibility rules."""

from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from stdnum.be import vat

from biocampus.accelerator.access import is_applicant, runs_call
from biocampus.accelerator.models import (
    Answer,
    Application,
    ApplicationStatus,
    Attachment,
    Call,
    Criterion,
    Question,
)
from biocampus.accelerator.pdf import clean_pdf
from biocampus.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from biocampus.accounts.roles import company_admin_org_ids, forget_memberships
from biocampus.accounts.services import INVALID_ENTERPRISE_NUMBER
from biocampus.common.audit import audit
from biocampus.common.errors import Conflict, DomainError, Forbidden

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 5
APPLICATION_FIELDS = (
    "enterprise_number",
    "founded_on",
    "team_size",
    "sector",
    "trl",
    "funds_raised",
    "pitch",
)


@transaction.atomic
def call_create(
    *,
    actor: User,
    operator: Organisation,
    criteria: list[dict],
    questions: list[dict] | tuple = (),
    **fields: Any,
) -> Call:
    if operator.kind != OrganisationKind.ACCELERATOR:
        raise DomainError(_("Only an accelerator opens calls."), code="not_an_accelerator")
    call = Call(operator=operator, **fields)
    if not runs_call(actor, call):
        raise Forbidden(_("Only the accelerator's staff may open a call."))
    if call.closes_at <= call.opens_at:
        raise DomainError(_("The call must close after it opens."), code="invalid_dates")
    if not criteria:
        raise DomainError(_("Give the call at least one scoring criterion."), code="no_criteria")
    call.save()
    Criterion.objects.bulk_create(
        Criterion(
            call=call,
            name=c["name"],
            description=c.get("description", ""),
            weight=Decimal(str(c.get("weight", 1))),
            scale_max=int(c.get("scale_max", 5)),
            position=i,
        )
        for i, c in enumerate(criteria)
    )
    Question.objects.bulk_create(
        Question(call=call, text=q["text"], required=q.get("required", True), position=i)
        for i, q in enumerate(questions)
    )
    audit(actor, "call.create", call)
    return call


@transaction.atomic
def application_start(
    *, actor: User, call: Call, company_name: str = "", company: Organisation | None = None
) -> Application:
    """Start a draft; on a founder's first application their start-up is created (a
    company they administer)."""
    if not call.is_open():
        raise Conflict(_("This call is not open for applications."), code="call_closed")
    if company is None:
        name = company_name.strip()
        if not name:
            raise DomainError(_("Give your start-up's name."), code="company_required")
        # A founder typing their own start-up's name again applies for it, rather than
        # creating a second organisation with the same name.
        company = Organisation.objects.filter(
            pk__in=company_admin_org_ids(actor), name__iexact=name
        ).first()
    if company is None:
        base = slugify(name)[:40] or "startup"
        slug, n = base, 1
        while Organisation.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        company = Organisation.objects.create(name=name, slug=slug, kind=OrganisationKind.COMPANY)
        Membership.objects.create(user=actor, organisation=company, role=Role.ADMIN)
        forget_memberships(actor)
    elif company.pk not in company_admin_org_ids(actor):
        raise Forbidden(_("Only an administrator of the company applies in its name."))
    if Application.objects.filter(call=call, company=company).exists():
        raise Conflict(_("This start-up has already applied to this call."), code="duplicate")
    application = Application.objects.create(call=call, company=company, founder=actor)
    audit(actor, "application.start", application)
    return application


def _editable(actor, application: Application) -> None:
    if not is_applicant(actor, application):
        raise Forbidden(_("Only the applicant may change this application."))
    if application.status != ApplicationStatus.DRAFT:
        raise Conflict(_("A submitted application cannot be changed."), code="submitted")
    if not application.call.is_open():
        raise Conflict(_("This call is closed."), code="call_closed")


def _check_fields(fields: dict) -> dict:
    clean = {}
    for name, value in fields.items():
        if name not in APPLICATION_FIELDS:
            raise DomainError(_("Unknown field: %s") % name, code="invalid_field")
        if name == "enterprise_number" and value:
            if not vat.is_valid(value):
                raise DomainError(
                    INVALID_ENTERPRISE_NUMBER,
                    code="invalid_enterprise_number",
                )
            value = vat.compact(value)
        if name == "trl" and not (isinstance(value, int) and 1 <= value <= 9):
            raise DomainError(_("The TRL is between 1 and 9."), code="invalid_trl")
        if name == "team_size" and not (isinstance(value, int) and 1 <= value <= 10000):
            raise DomainError(_("Give the team size in people."), code="invalid_team_size")
        if name == "funds_raised" and Decimal(str(value)) < 0:
            raise DomainError(_("Funds raised cannot be negative."), code="invalid_funds")
        if name == "founded_on" and value and value > timezone.localdate():
            raise DomainError(_("The founding date cannot be in the future."), code="invalid_date")
        clean[name] = value
    return clean


@transaction.atomic
def application_update(
    *,
    actor: User,
    application: Application,
    answers: dict[int, str] | None = None,
    **fields: Any,
) -> Application:
    """Save the draft (any subset of fields, answers by question id)."""
    application = (
        Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    )
    _editable(actor, application)
    for name, value in _check_fields(fields).items():
        setattr(application, name, value)
    application.save()
    questions = set(application.call.questions.values_list("pk", flat=True))
    for question_id, text in (answers or {}).items():
        if int(question_id) not in questions:
            raise DomainError(_("Unknown question."), code="invalid_question")
        Answer.objects.update_or_create(
            application=application, question_id=int(question_id), defaults={"text": text.strip()}
        )
    return application


@transaction.atomic
def application_submit(*, actor: User, application: Application) -> Application:
    """Submission is final and time-stamped; after the call closes it is refused."""
    application = (
        Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    )
    if not is_applicant(actor, application):
        raise Forbidden(_("Only the applicant may submit this application."))
    if application.status != ApplicationStatus.DRAFT:
        raise Conflict(_("This application is already submitted."), code="submitted")
    now = timezone.now()
    if now >= application.call.closes_at:
        raise Conflict(
            _("The call closed on %(when)s; late applications cannot be accepted.")
            % {
                "when": formats.date_format(
                    timezone.localtime(application.call.closes_at), "DATETIME_FORMAT"
                )
            },
            code="call_closed",
        )
    missing = [
        str(_("pitch")) if not application.pitch.strip() else None,
        str(_("enterprise number")) if not application.enterprise_number else None,
    ]
    answered = set(application.answers.exclude(text="").values_list("question_id", flat=True))
    for q in application.call.questions.filter(required=True):
        if q.pk not in answered:
            missing.append(q.text)
    missing = [m for m in missing if m]
    if missing:
        raise DomainError(
            _("Complete the application first: %s") % "; ".join(missing), code="incomplete"
        )
    application.status, application.submitted_at = ApplicationStatus.SUBMITTED, now
    application.save(update_fields=["status", "submitted_at"])
    audit(actor, "application.submit", application)
    return application


@transaction.atomic
def attachment_add(*, actor: User, application: Application, upload: UploadedFile) -> Attachment:
    """A PDF, at most 10 MB, at most five per application; stored outside the web root,
    without its document metadata (accelerator/pdf.py)."""
    application = (
        Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    )
    _editable(actor, application)
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise DomainError(_("A file may be 10 MB at most."), code="too_large")
    if application.attachments.count() >= MAX_ATTACHMENTS:
        raise DomainError(_("At most five files per application."), code="too_many_files")
    # Stored cleaned: reviewers of a blind call must not read the author in the file.
    cleaned = clean_pdf(upload.read())
    attachment = Attachment(
        application=application, original_name=upload.name[:200], size=len(cleaned)
    )
    attachment.file.save("upload.pdf", ContentFile(cleaned), save=False)
    attachment.save()
    audit(actor, "application.attach", application, size=upload.size)
    return attachment
