"""Learner notifications, rendered by the outbox when they are sent: text and HTML in the
learner's language, a link to the page, and a calendar invitation (or its cancellation)
for a seat gained or lost."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from biocampus.common.invitations import Invited, ics_attachment, invitation
from biocampus.enrolment.models import Enrolment
from biocampus.outbox.compose import absolute, compose
from biocampus.outbox.models import Topic
from biocampus.outbox.preferences import unsubscribe_url, wants
from biocampus.outbox.registry import renders

TEMPLATES = {
    "enrolment.confirmed": "enrolment/email/confirmed",
    "enrolment.waitlisted": "enrolment/email/waitlisted",
    "enrolment.promoted": "enrolment/email/promoted",
    "enrolment.cancelled": "enrolment/email/cancelled",
    "enrolment.session_cancelled": "enrolment/email/session_cancelled",
}
# Receipts of what the learner did themselves; they may turn these off. A seat gained or
# lost by someone else's doing is always told.
RECEIPTS = {"enrolment.confirmed", "enrolment.waitlisted"}
INVITES = {"enrolment.confirmed": "REQUEST", "enrolment.promoted": "REQUEST"}
CANCELS = {"enrolment.cancelled", "enrolment.session_cancelled"}


def _events(enrolment: Enrolment) -> list[Invited]:
    """One event per meeting of the session (the whole session if it has none)."""
    session = enrolment.session
    title = session.programme.title
    changed = enrolment.cancelled_at or enrolment.confirmed_at or enrolment.queued_at
    meetings = list(session.meetings.order_by("starts_at", "id"))
    if not meetings:
        span = (session.starts_at, session.ends_at)
        return [Invited(f"enrolment-{enrolment.pk}", *span, title, session.location, changed)]
    return [
        Invited(
            f"enrolment-{enrolment.pk}-meeting-{m.pk}",
            m.starts_at,
            m.ends_at,
            m.title or title,
            session.location,
            max(changed, m.updated_at),
        )
        for m in meetings
    ]


@renders(*TEMPLATES)
def enrolment_email(params: dict, *, kind: str) -> EmailMessage | None:
    """`reason` is the operator's own words when a session is cancelled."""
    enrolment = (
        Enrolment.objects.filter(pk=params["enrolment"])
        .select_related("learner", "session__programme__operator")
        .first()
    )
    if enrolment is None or not enrolment.learner.is_active:
        return None
    learner = enrolment.learner
    if kind in RECEIPTS and not wants(learner, Topic.ENROLMENT_RECEIPTS):
        return None
    attachments = []
    if kind in INVITES or (kind in CANCELS and enrolment.confirmed_at):
        method = INVITES.get(kind, "CANCEL")
        body = invitation(method, _events(enrolment), attendee=learner.email)
        attachments.append(ics_attachment(method, body))
    session = enrolment.session
    return compose(
        TEMPLATES[kind],
        {
            "enrolment": enrolment,
            "session": session,
            "programme": session.programme,
            "learner": learner,
            "position": enrolment.waitlist_position,
            "reason": params.get("reason", ""),
        },
        to=learner.email,
        language=learner.preferred_language or settings.LANGUAGE_CODE,
        link=absolute(
            reverse("portal:my_training")
            if kind == "enrolment.waitlisted"
            else reverse("portal:programme", args=[session.programme_id])
        ),
        link_label=_("Your training") if kind == "enrolment.waitlisted" else _("See the session"),
        unsubscribe_url=unsubscribe_url(learner, Topic.ENROLMENT_RECEIPTS)
        if kind in RECEIPTS
        else "",
        attachments=attachments,
    )
