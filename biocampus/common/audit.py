from typing import Any

from django.db import models

from biocampus.common.models import AuditEvent


def audit(actor: Any, action: str, obj: models.Model, **data: Any) -> AuditEvent:
    """Record a sensitive action; call it inside the service's transaction."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        data=data,
    )
