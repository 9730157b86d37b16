"""The one write behind calendar feeds: a new secret URL for a user's personal feed."""

import secrets

from django.db import transaction

from biocampus.accounts.models import User
from biocampus.common.audit import audit
from biocampus.common.tokens import token_digest
from biocampus.facilities.models import CalendarToken


@transaction.atomic
def calendar_token_reset(*, actor: User) -> str:
    """A new secret feed URL for `actor` (the old one stops working); returns the secret."""
    raw = secrets.token_urlsafe(24)
    token, _created = CalendarToken.objects.update_or_create(
        user=actor, defaults={"digest": token_digest(raw)}
    )
    audit(actor, "calendar.reset", token)
    return raw
