"""Telling a learner about their credential: issued, or revoked, suspended, reinstated
or re-issued by the operator. Always sent: it changes what they can show an employer."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from biocampus.credentials.models import Credential
from biocampus.outbox.compose import absolute, compose
from biocampus.outbox.registry import renders

EVENTS = ("revoked", "suspended", "reinstated", "reissued")


@renders("credential.issued", "credential.changed")
def credential_email(params: dict, *, kind: str) -> EmailMessage | None:
    credential = (
        Credential.objects.filter(pk=params["credential"]).select_related("learner").first()
    )
    if credential is None or not credential.learner.is_active:
        return None
    event = "issued" if kind == "credential.issued" else params.get("event")
    if event not in (*EVENTS, "issued"):
        return None
    person = credential.learner
    return compose(
        f"credentials/email/{event}",
        {"credential": credential, "person": person, "title": credential.document.get("name")},
        to=person.email,
        language=person.preferred_language or settings.LANGUAGE_CODE,
        link=absolute(reverse("credentials:mine")),
        link_label=_("Your credentials"),
    )
