"""Operator back office: programmes, sessions, rosters, attendance, completion, CSV."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as ModelValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from biocampus.accounts.roles import is_back_office_user
from biocampus.catalog import services as catalog_services
from biocampus.catalog.access import (
    can_manage_programme,
    can_run_programme,
    get_operator_for_user,
    get_programme_for_user,
    get_session_for_user,
)
from biocampus.catalog.models import Programme, Session
from biocampus.catalog.queries import (
    operator_programmes,
    operators_managed_by,
    programme_sessions,
    session_meetings,
)
from biocampus.common.errors import DomainError
from biocampus.common.exports import table_response
from biocampus.common.pages import form_error, paginate, report
from biocampus.enrolment import services as enrolment_services
from biocampus.enrolment.access import get_enrolment_for_user, get_meeting_for_enrolment
from biocampus.enrolment.queries import (
    attendance_marks,
    roster_columns,
    roster_csv_rows,
    session_roster,
)
from biocampus.portal.forms import (
    AttendanceForm,
    CancelSessionForm,
    MeetingFormSet,
    OutcomeForm,
    ProgrammeForm,
    SessionForm,
    meeting_slots,
)


def back_office(view):
    """Sign-in required, and a staff, trainer or campus role."""

    @login_required
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_back_office_user(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@back_office
def dashboard(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    page = paginate(request, operator_programmes(request.user, status=status), 25)
    return render(request, "portal/manage/dashboard.html", {"page": page, "status": status})


@back_office
def programme_create(request: HttpRequest) -> HttpResponse:
    operators = list(operators_managed_by(request.user))
    if not operators:
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None)
    chosen = request.POST.get("operator") or str(operators[0].pk)
    if request.method == "POST" and form.is_valid():
        try:
            operator = get_operator_for_user(request.user, int(chosen) if chosen.isdigit() else 0)
            programme = catalog_services.programme_create(
                actor=request.user, operator=operator, **form.cleaned_data
            )
        except (DomainError, ModelValidationError) as error:
            form_error(form, error)
        else:
            messages.success(request, _("Programme created as a draft."))
            return redirect("portal:manage_programme", programme_id=programme.pk)
    return render(
        request,
        "portal/manage/programme_form.html",
        {"form": form, "operators": operators, "chosen": chosen},
    )


@back_office
def programme_edit(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = get_programme_for_user(request.user, programme_id, for_change=True)
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            catalog_services.programme_update(
                actor=request.user, programme=programme, **form.cleaned_data
            )
        except (DomainError, ModelValidationError) as error:
            form_error(form, error)
        else:
            messages.success(request, _("Programme saved."))
            return redirect("portal:manage_programme", programme_id=programme.pk)
    return render(
        request, "portal/manage/programme_form.html", {"form": form, "programme": programme}
    )


@back_office
def programme_detail(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = get_programme_for_user(request.user, programme_id)
    if not can_run_programme(request.user, programme):
        raise PermissionDenied
    sessions = programme_sessions(programme, include_past=True).order_by("-starts_at")
    return render(
        request,
        "portal/manage/programme_detail.html",
        {"programme": programme, "page": paginate(request, sessions, 20)},
    )


@back_office
@require_POST
def programme_status(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = get_programme_for_user(request.user, programme_id, for_change=True)
    try:
        catalog_services.programme_set_status(
            actor=request.user, programme=programme, status=request.POST.get("status", "")
        )
    except DomainError as error:
        report(request, error)
    else:
        messages.success(request, _("Status changed to “%s”.") % programme.get_status_display())
    return redirect("portal:manage_programme", programme_id=programme.pk)


def _session_form_page(
    request: HttpRequest, programme: Programme, session: Session | None = None
) -> HttpResponse:
    initial = {}
    meeting_initial = []
    if session is not None:
        tz = timezone.get_current_timezone()
        initial = {
            "starts_at": session.starts_at.astimezone(tz),
            "ends_at": session.ends_at.astimezone(tz),
            "capacity": session.capacity,
            "enrolment_deadline": session.enrolment_deadline.astimezone(tz),
            "location": session.location,
        }
        meeting_initial = [
            {
                "day": m.starts_at.astimezone(tz).date(),
                "start": m.starts_at.astimezone(tz).time(),
                "end": m.ends_at.astimezone(tz).time(),
                "title": m.title,
            }
            for m in session_meetings(session)
        ]
    form = SessionForm(request.POST or None, initial=initial)
    meetings = MeetingFormSet(request.POST or None, initial=meeting_initial, prefix="meetings")
    if request.method == "POST" and form.is_valid() and meetings.is_valid():
        data = form.cleaned_data
        slots = meeting_slots(meetings)
        try:
            if session is None:
                session = catalog_services.session_create(
                    actor=request.user, programme=programme, meetings=slots, **data
                )
                messages.success(request, _("Session scheduled."))
            else:
                catalog_services.session_update(
                    actor=request.user,
                    session=session,
                    meetings=slots,
                    **{
                        **data,
                        "enrolment_deadline": data["enrolment_deadline"] or data["starts_at"],
                    },
                )
                messages.success(request, _("Session saved."))
        except DomainError as error:
            form_error(form, error)
        else:
            return redirect("portal:manage_session", session_id=session.pk)
    return render(
        request,
        "portal/manage/session_form.html",
        {"form": form, "meetings": meetings, "programme": programme, "session": session},
    )


@back_office
def session_create(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = get_programme_for_user(request.user, programme_id, for_change=True)
    return _session_form_page(request, programme)


@back_office
def session_edit(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_session_for_user(request.user, session_id, for_change=True)
    return _session_form_page(request, session.programme, session)


@back_office
def session_cancel(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_session_for_user(request.user, session_id, for_change=True)
    form = CancelSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            catalog_services.session_cancel(
                actor=request.user, session=session, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            report(request, error)
        else:
            messages.success(request, _("Session cancelled; enrolled learners are being told."))
        return redirect("portal:manage_session", session_id=session.pk)
    return render(request, "portal/manage/session_cancel.html", {"form": form, "session": session})


@back_office
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_session_for_user(request.user, session_id, teach=True)
    roster = list(session_roster(session))
    meetings = list(session_meetings(session))
    marks = attendance_marks(session)
    rows = [(e, [(m, marks.get((e.pk, m.pk))) for m in meetings]) for e in roster]
    return render(
        request,
        "portal/manage/session_detail.html",
        {
            "session": session,
            "meetings": meetings,
            "rows": rows,
            "started": session.starts_at <= timezone.now(),
            "can_manage": can_manage_programme(request.user, session.programme),
        },
    )


@back_office
def session_csv(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_session_for_user(request.user, session_id, teach=True)
    spreadsheet = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    return table_response(
        f"session-{session.pk}-enrolments",
        roster_columns(session),
        roster_csv_rows(session),
        format=spreadsheet,
        labels=True,
    )


@back_office
@require_POST
def enrolment_outcome(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = get_enrolment_for_user(request.user, enrolment_id)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            enrolment_services.enrolment_record_outcome(
                actor=request.user, enrolment=enrolment, outcome=form.cleaned_data["outcome"]
            )
        except DomainError as error:
            report(request, error)
        else:
            messages.success(request, _("Outcome recorded for %s.") % enrolment.learner)
    else:
        messages.error(request, _("Choose an outcome."))
    return redirect("portal:manage_session", session_id=enrolment.session_id)


@back_office
@require_POST
def enrolment_attendance(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = get_enrolment_for_user(request.user, enrolment_id)
    form = AttendanceForm(request.POST)
    if form.is_valid():
        meeting = get_meeting_for_enrolment(enrolment, form.cleaned_data["meeting"])
        try:
            mark = enrolment_services.attendance_mark(
                actor=request.user,
                enrolment=enrolment,
                meeting=meeting,
                present=bool(form.cleaned_data["present"]),
            )
        except DomainError as error:
            report(request, error)
        else:
            if request.htmx:
                return render(
                    request,
                    "portal/manage/partials/_attendance_cell.html",
                    {"enrolment": enrolment, "meeting": meeting, "present": mark.present},
                )
    else:
        messages.error(request, _("Invalid attendance mark."))
    return redirect("portal:manage_session", session_id=enrolment.session_id)


@back_office
@require_POST
def meeting_all_present(request: HttpRequest, session_id: int, meeting_id: int) -> HttpResponse:
    session = get_session_for_user(request.user, session_id, teach=True)
    try:
        count = enrolment_services.attendance_mark_all_present(
            actor=request.user, session=session, meeting_id=meeting_id
        )
    except DomainError as error:
        report(request, error)
    else:
        messages.success(
            request,
            ngettext("%(n)d learner marked present.", "%(n)d learners marked present.", count)
            % {"n": count},
        )
    return redirect("portal:manage_session", session_id=session.pk)
