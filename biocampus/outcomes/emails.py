"""The e-mail asking a learner to confirm a hire, rendered when it is sent."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from biocampus.outbox.compose import absolute, compose
from biocampus.outbox.registry import renders
from biocampus.outcomes.models import Hire, HireStatus


@renders("outcomes.hire_to_confirm")
def hire_to_confirm_email(params: dict, *, kind: str) -> EmailMessage | None:
    hire = (
        Hire.objects.select_related("vacancy__employer", "learner")
        .filter(pk=params["hire"], status=HireStatus.PENDING)
        .first()
    )
    if hire is None or hire.learner is None or not hire.learner.is_active:
        return None  # answered, withdrawn or erased since
    learner = hire.learner
    return compose(
        "outcomes/email/hire_to_confirm",
        {"user": learner, "hire": hire},
        to=learner.email,
        language=learner.preferred_language or settings.LANGUAGE_CODE,
        link=absolute(reverse("outcomes:mine")),
        link_label=_("Confirm or decline"),
    )
