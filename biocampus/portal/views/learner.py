"""Public and learner pages: home, catalogue, programme, enrol/cancel, my training."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from biocampus.accounts.roles import can_book_groups
from biocampus.catalog.access import get_programme_for_user, get_session_for_user
from biocampus.catalog.models import Session
from biocampus.catalog.queries import pillars_with_counts, programme_list, programme_sessions
from biocampus.catalog.structured_data import course
from biocampus.common.errors import DomainError
from biocampus.common.pages import (
    paginate,
    querystring_without_page,
    report,
    safe_next,
)
from biocampus.enrolment import services
from biocampus.enrolment.access import get_enrolment_for_user
from biocampus.enrolment.models import ACTIVE_STATUSES
from biocampus.enrolment.queries import active_enrolments_by_session, learner_enrolments
from biocampus.portal.forms import CatalogueFilterForm, EnrolForm
from biocampus.portal.homes import home_blocks
from biocampus.skills.queries import programme_occupations, programme_taught_skills


def home(request: HttpRequest) -> HttpResponse:
    """A signed-in person's own home (one block per role they hold); the public landing
    page for everyone else, or with ?welcome."""
    if request.user.is_authenticated and "welcome" not in request.GET:
        return render(request, "portal/home/personal.html", {"blocks": home_blocks(request.user)})
    pillars = [(p, p.published_programmes) for p in pillars_with_counts()]
    return render(request, "portal/home.html", {"pillars": pillars})


def catalogue(request: HttpRequest) -> HttpResponse:
    form = CatalogueFilterForm(request.GET or None)
    page = paginate(request, programme_list(form.filters()), settings.CATALOGUE_PAGE_SIZE)
    context = {"form": form, "page": page, "query": querystring_without_page(request)}
    if request.htmx:
        return render(request, "portal/partials/_catalogue_results.html", context)
    return render(request, "portal/catalogue.html", context)


def programme_detail(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = get_programme_for_user(request.user, programme_id)
    sessions = list(programme_sessions(programme))
    mine = active_enrolments_by_session(request.user, sessions)
    rows = [(s, mine.get(s.pk)) for s in sessions]
    return render(
        request,
        "portal/programme_detail.html",
        {
            "programme": programme,
            "rows": rows,
            "group_booking": can_book_groups(request.user),
            "taught": programme_taught_skills(programme),
            "jobs": programme_occupations(programme),
            "structured": course(request, programme, sessions),
        },
    )


@login_required
@require_POST
def enrol(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_session_for_user(request.user, session_id)
    form = EnrolForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give a number of seats between 1 and 200."))
        return redirect("portal:programme", programme_id=session.programme_id)
    try:
        enrolment = services.enrolment_create(
            actor=request.user,
            session_id=session.pk,
            seats=form.cleaned_data["seats"],
            group_name=form.cleaned_data["group_name"],
        )
    except DomainError as error:
        report(request, error)
        return redirect("portal:programme", programme_id=session.programme_id)
    if enrolment.status == "confirmed":
        messages.success(request, _("You are enrolled. A confirmation e-mail is on its way."))
    else:
        messages.info(request, waitlisted_message(enrolment))
    return redirect("portal:my_training")


def waitlisted_message(enrolment) -> str:
    """Why a booking went to the waiting list: a class that does not fit the seats left
    is told how many are left, not that the session is full."""
    session = Session.objects.only("capacity", "confirmed_seats").get(pk=enrolment.session_id)
    left = max(session.capacity - session.confirmed_seats, 0)
    position = enrolment.waitlist_position
    if enrolment.seats > 1 and left:
        return ngettext(
            "%(left)d seat left: your class of %(n)d is on the waiting list, position %(p)d.",
            "%(left)d seats left: your class of %(n)d is on the waiting list, position %(p)d.",
            left,
        ) % {"left": left, "n": enrolment.seats, "p": position}
    if enrolment.seats > 1:
        return _(
            "The session is full: your class of %(n)d is on the waiting list, position %(p)d."
        ) % {"n": enrolment.seats, "p": position}
    return _("The session is full: you are number %(n)s on the waiting list.") % {"n": position}


@login_required
@require_POST
def cancel(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = get_enrolment_for_user(request.user, enrolment_id)
    try:
        services.enrolment_cancel(actor=request.user, enrolment=enrolment)
    except DomainError as error:
        report(request, error)
    else:
        messages.success(request, _("Your enrolment is cancelled."))
    return redirect(safe_next(request) or "portal:my_training")


@login_required
def my_training(request: HttpRequest) -> HttpResponse:
    """What is coming up, soonest first; then the history, newest first, a page at a time."""
    mine = learner_enrolments(request.user)
    coming = Q(status__in=ACTIVE_STATUSES, session__ends_at__gte=timezone.now())
    upcoming = mine.filter(coming).order_by("session__starts_at", "id")
    page = paginate(request, mine.exclude(coming), 20)
    return render(request, "portal/my_training.html", {"upcoming": upcoming, "page": page})
