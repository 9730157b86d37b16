"""Teachers' notifications, rendered by the outbox when they are sent: the date the
campus confirmed or proposed, then the day plan with its PDF attached."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from biocampus.immersion import printouts, queries
from biocampus.immersion.models import Visit
from biocampus.immersion.rotation import split_pupils
from biocampus.outbox.compose import absolute, compose
from biocampus.outbox.registry import renders

TEMPLATES = {
    "immersion.visit.confirmed": "immersion/email/confirmed",
    "immersion.visit.other_date": "immersion/email/other_date",
    "immersion.visit.planned": "immersion/email/planned",
}


@renders(*TEMPLATES)
def visit_email(params: dict, *, kind: str) -> EmailMessage | None:
    """To the teacher, in their language; the plan as the class's language prints it."""
    visit = (
        Visit.objects.filter(pk=params["visit"])
        .select_related("teacher", "school", "format__campus")
        .first()
    )
    if visit is None or not visit.teacher.is_active or visit.date is None:
        return None
    attachments = []
    if kind == "immersion.visit.planned":
        plan = queries.accepted_plan(visit)
        if plan is None:  # re-planned since: the next e-mail carries the plan
            return None
        pdf = printouts.class_plan_pdf(plan, visit)
        attachments.append((f"day-plan-{visit.date:%Y-%m-%d}.pdf", pdf, "application/pdf"))
    teacher = visit.teacher
    return compose(
        TEMPLATES[kind],
        {
            "visit": visit,
            "campus": visit.format.campus,
            "groups": len(split_pupils(visit.pupils)),
        },
        to=teacher.email,
        language=teacher.preferred_language or settings.LANGUAGE_CODE,
        link=absolute(reverse("immersion:visit", args=[visit.pk])),
        link_label=_("See the visit"),
        attachments=attachments,
    )
