"""Every write to programmes."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import PROVIDER_KINDS, Organisation, User
from biocampus.catalog.access import require_programme_manager
from biocampus.catalog.models import (
    AudienceTag,
    Language,
    Programme,
    ProgrammeStatus,
)
from biocampus.common.audit import audit
from biocampus.common.errors import DomainError

PROGRAMME_FIELDS = (
    "title",
    "summary",
    "description",
    "pillar",
    "format",
    "eqf_level",
    "duration_hours",
    "price",
    "seat_cost",
    "credential_valid_months",
    "refresher",
    "funding_note",
    "learning_outcomes",
)


def _set_tags(
    programme: Programme, audiences: Iterable[str] | None, languages: Iterable[str] | None
) -> None:
    if audiences is not None:
        programme.audiences.set(AudienceTag.objects.filter(code__in=list(audiences)))
    if languages is not None:
        found = list(Language.objects.filter(code__in=list(languages)))
        if not found:
            raise DomainError(_("Choose at least one language of instruction."), code="languages")
        programme.languages.set(found)


def programme_create(
    *,
    actor: User,
    operator: Organisation,
    audiences: Iterable[str] = (),
    languages: Iterable[str] = ("en",),
    status: str = ProgrammeStatus.DRAFT,
    **fields: Any,
) -> Programme:
    """Create a programme owned by `operator`; only its staff (or the campus) may."""
    if operator.kind not in PROVIDER_KINDS:
        raise DomainError(_("Only training operators and accelerators publish programmes."))
    unknown = set(fields) - set(PROGRAMME_FIELDS)
    if unknown:
        raise DomainError(_("Unknown programme fields: %s") % ", ".join(sorted(unknown)))
    programme = Programme(operator=operator, status=status, **fields)
    require_programme_manager(actor, programme)
    programme.full_clean(exclude=["search_document"])
    programme.refresh_search_document()
    with transaction.atomic():
        programme.save()
        _set_tags(programme, audiences, languages)
        audit(actor, "programme.create", programme)
    return programme


def programme_update(
    *,
    actor: User,
    programme: Programme,
    audiences: Iterable[str] | None = None,
    languages: Iterable[str] | None = None,
    **fields: Any,
) -> Programme:
    require_programme_manager(actor, programme)
    for name, value in fields.items():
        if name not in PROGRAMME_FIELDS:
            raise DomainError(_("Unknown programme fields: %s") % name)
        setattr(programme, name, value)
    programme.full_clean(exclude=["search_document"])
    programme.refresh_search_document()
    with transaction.atomic():
        programme.save()
        _set_tags(programme, audiences, languages)
        audit(actor, "programme.update", programme, fields=sorted(fields))
    return programme


def programme_set_status(*, actor: User, programme: Programme, status: str) -> Programme:
    require_programme_manager(actor, programme)
    if status not in ProgrammeStatus.values:
        raise DomainError(_("Unknown status."), code="invalid_status")
    with transaction.atomic():
        programme.status = status
        programme.save(update_fields=["status", "updated_at"])
        audit(actor, "programme.status", programme, status=status)
    return programme
