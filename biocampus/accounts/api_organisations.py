"""API v1: a company asks to be verified as an employer; the campus verifies or suspends."""

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema

from biocampus.accounts import queries, services
from biocampus.accounts.access import get_organisation_for_user
from biocampus.accounts.models import Organisation, OrganisationKind, Verification
from biocampus.accounts.roles import is_campus_admin
from biocampus.api.auth import authenticated
from biocampus.api.bounds import Page, PathId
from biocampus.api.enums import one_of
from biocampus.api.pagination import page_of
from biocampus.api.schemas import Error
from biocampus.common.errors import Forbidden

router = Router(tags=["organisations"], auth=authenticated)
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error}


class OrganisationOut(Schema):
    id: int
    name: str
    kind: one_of(OrganisationKind)
    enterprise_number: str
    verification: one_of(Verification)
    verification_requested_at: dt.datetime | None
    verification_decided_at: dt.datetime | None


class OrganisationPage(Schema):
    items: list[OrganisationOut]
    count: int


class VerificationIn(Schema):
    enterprise_number: str = Field(max_length=20)


class VerdictIn(Schema):
    note: str = Field("", max_length=300)


def organisation_out(o: Organisation) -> dict:
    return {
        "id": o.pk,
        "name": o.name,
        "kind": o.kind,
        "enterprise_number": o.enterprise_number,
        "verification": o.verification,
        "verification_requested_at": o.verification_requested_at,
        "verification_decided_at": o.verification_decided_at,
    }


@router.get("/organisations/companies", response={200: OrganisationPage, **ERRORS})
def companies(request: HttpRequest, verification: str = "", page: Page = 1):
    """Companies and their verification, for the campus (`verification` filters)."""
    if not is_campus_admin(request.user):
        raise Forbidden(_("Only the campus verifies employers."))
    items, count = page_of(queries.companies_by_verification(verification), page)
    return {"items": [organisation_out(o) for o in items], "count": count}


@router.post(
    "/organisations/{organisation_id}/verification", response={200: OrganisationOut, **ERRORS}
)
def verification_request(request: HttpRequest, organisation_id: PathId, payload: VerificationIn):
    """Ask the campus to verify your company as an employer (its administrators)."""
    organisation = services.organisation_verification_request(
        actor=request.user,
        organisation=get_organisation_for_user(request.user, organisation_id),
        enterprise_number=payload.enterprise_number,
    )
    return organisation_out(organisation)


@router.post("/organisations/{organisation_id}/verify", response={200: OrganisationOut, **ERRORS})
def verify(request: HttpRequest, organisation_id: PathId, payload: VerdictIn):
    """Verify a company as an employer (campus admins)."""
    organisation = services.organisation_verify(
        actor=request.user,
        organisation=get_organisation_for_user(request.user, organisation_id),
        note=payload.note,
    )
    return organisation_out(organisation)


@router.post("/organisations/{organisation_id}/suspend", response={200: OrganisationOut, **ERRORS})
def suspend(request: HttpRequest, organisation_id: PathId, payload: VerdictIn):
    """Stop a company acting as an employer until it is verified again (campus admins)."""
    organisation = services.organisation_suspend(
        actor=request.user,
        organisation=get_organisation_for_user(request.user, organisation_id),
        note=payload.note,
    )
    return organisation_out(organisation)
