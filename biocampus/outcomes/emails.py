"""The e-mail asking a learner to confirm a hire, rendered when it is sent."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from biocampus.outbox.compose import absolute, compose
from biocampus.outbox.models import Topic
from biocampus.outbox.preferences import unsubscribe_url
from biocampus.outbox.registry import renders
from biocampus.outcomes.followups import token_for
from biocampus.outcomes.models import FollowUp, Hire, HireStatus


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


@renders("outcomes.follow_up")
def follow_up_email(params: dict, *, kind: str) -> EmailMessage | None:
    follow_up = (
        FollowUp.objects.select_related("learner", "enrolment__session__programme")
        .filter(pk=params["follow_up"], answered_at__isnull=True)
        .first()
    )
    if follow_up is None or not follow_up.learner.is_active:
        return None  # answered in the meantime, or the account is closed
    learner = follow_up.learner
    # The link opens a page with the two answers as buttons: a link that answered by
    # itself would be "clicked" by the mail scanners that open every link.
    token = token_for(follow_up)
    return compose(
        "outcomes/email/follow_up",
        {
            "user": learner,
            "follow_up": follow_up,
            "programme": follow_up.enrolment.session.programme,
        },
        to=learner.email,
        language=learner.preferred_language or settings.LANGUAGE_CODE,
        link=absolute(reverse("outcomes:follow_up", args=[token])),
        link_label=_("Answer in one click"),
        unsubscribe_url=unsubscribe_url(learner, Topic.FOLLOW_UPS),
    )
