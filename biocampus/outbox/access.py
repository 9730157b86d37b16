from django.utils.translation import gettext_lazy as _

from biocampus.common.errors import NotFound
from biocampus.outbox.models import OutboundEmail


def get_email_or_404(email_id: int) -> OutboundEmail:
    """Only the campus admin reaches this (the views check the role first)."""
    email = OutboundEmail.objects.defer("message", "params").filter(pk=email_id).first()
    if email is None:
        raise NotFound(_("Not found."))
    return email
