"""The paper of an immersion day: each class's plan (a page per group, with its route),
each station's schedule for the people running it, and one certificate per pupil with
the name left blank, to be written by hand: no pupil's name ever reaches the campus.

ReportLab's standard fonts cover Latin-1, which French and English need; a character
outside it (a class named in Greek, say) prints as a box.
"""

import io
from collections import defaultdict
from xml.sax.saxutils import escape

from django.http import HttpResponse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from biocampus.immersion.models import DayPlan, PlanSlot, Visit
from biocampus.immersion.queries import plan_slots
from biocampus.immersion.rotation import hhmm, split_pupils

_STYLES = getSampleStyleSheet()
_TITLE = _STYLES["Title"]
_HEAD = _STYLES["Heading2"]
_TEXT = _STYLES["BodyText"]
_BIG = ParagraphStyle("big", parent=_TEXT, fontSize=14, leading=20)
_GRID = TableStyle(
    [
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6eef5")),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#8899aa")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
)


def pdf_response(data: bytes, name: str) -> HttpResponse:
    """A PDF to save under `name` rather than display in the browser tab."""
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _p(text: str, style: ParagraphStyle = _TEXT) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def _clock(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def _render(story: list, *, title: str, author: str, pagesize=A4) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=pagesize,
        title=title,
        author=author,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
    )
    doc.build(story)
    return out.getvalue()


def _slots(plan: DayPlan, **filters) -> list[PlanSlot]:
    return list(plan_slots(plan).filter(**filters))


def class_plan_pdf(plan: DayPlan, visit: Visit) -> bytes:
    """One page per group of the class: where it goes and when, lunch, departure."""
    with translation.override(visit.language):
        slots = _slots(plan, visit=visit)
        sizes = split_pupils(visit.pupils)
        lunch = plan.lunches.get(str(visit.pk))
        day = formats.date_format(plan.date, "DATE_FORMAT")
        story: list = []
        for group, size in enumerate(sizes, start=1):
            if story:
                story.append(PageBreak())
            story += [
                _p(_("Immersion day, %(day)s") % {"day": day}, _TITLE),
                _p(f"{visit.school.name} · {visit.class_name}", _HEAD),
                _p(
                    _("Group %(n)d of %(total)d: %(pupils)d pupils")
                    % {"n": group, "total": len(sizes), "pupils": size},
                    _BIG,
                ),
                Spacer(1, 4 * mm),
            ]
            rows = [[_("Time"), _("Station"), _("Room"), _("Map")]]
            rows.append([visit.arrival.strftime("%H:%M"), _("Arrival at the campus"), "", ""])
            stops = [
                (s.starts_at, s.ends_at, s.station.name, s.station.resource)
                for s in slots
                if s.group == group
            ]
            for start, end, name, room in stops:
                rows.append([f"{_clock(start)}–{_clock(end)}", name, room.name, room.slug.upper()])
            if lunch:
                line = [f"{hhmm(lunch[0])}–{hhmm(lunch[1])}", _("Lunch"), "", ""]
                at = next(
                    (i for i, row in enumerate(rows[2:], start=2) if row[0] > line[0]), len(rows)
                )
                rows.insert(at, line)
            rows.append([visit.departure.strftime("%H:%M"), _("Departure"), "", ""])
            table = Table(
                [[_p(cell) for cell in row] for row in rows],
                colWidths=[30 * mm, 64 * mm, 50 * mm, 30 * mm],
                repeatRows=1,
            )
            table.setStyle(_GRID)
            story += [
                table,
                Spacer(1, 6 * mm),
                _p(
                    _(
                        "The map reference is written at the door of each room and on the "
                        "campus map at the reception."
                    )
                ),
            ]
        title = _("Day plan: %(cls)s, %(day)s") % {"cls": visit.class_name, "day": day}
        return _render(story, title=title, author=plan.campus.name)


def station_schedules_pdf(plan: DayPlan) -> bytes:
    """One page per station: the groups it receives in order, with who runs each slot."""
    slots = _slots(plan)
    by_station: dict[int, list[PlanSlot]] = defaultdict(list)
    for slot in slots:
        by_station[slot.station.resource_id].append(slot)
    day = formats.date_format(plan.date, "DATE_FORMAT")
    story: list = []
    for station_slots in by_station.values():
        station = station_slots[0].station
        if story:
            story.append(PageBreak())
        story += [
            _p(f"{station.name}: {station.resource.name}", _TITLE),
            _p(_("Immersion day, %(day)s") % {"day": day}, _HEAD),
            Spacer(1, 4 * mm),
        ]
        rows = [[_("Time"), _("School"), _("Class"), _("Group"), _("Pupils"), _("Run by")]]
        for slot in station_slots:
            sizes = split_pupils(slot.visit.pupils)
            rows.append(
                [
                    f"{_clock(slot.starts_at)}–{_clock(slot.ends_at)}",
                    slot.visit.school.name,
                    slot.visit.class_name,
                    str(slot.group),
                    str(sizes[slot.group - 1]) if slot.group <= len(sizes) else "",
                    str(slot.staff) if slot.staff else "",
                ]
            )
        table = Table(
            [[_p(cell) for cell in row] for row in rows],
            colWidths=[28 * mm, 70 * mm, 35 * mm, 18 * mm, 18 * mm, 70 * mm],
            repeatRows=1,
        )
        table.setStyle(_GRID)
        story.append(table)
    if not story:
        story.append(_p(_("This plan has no slots.")))
    title = _("Station schedules, %(day)s") % {"day": day}
    return _render(story, title=title, author=plan.campus.name, pagesize=landscape(A4))


def certificates_pdf(visit: Visit) -> bytes:
    """A certificate per pupil with a blank line for the name, written in by hand."""
    stations = [s.name for s in visit.format.stations.all()]
    with translation.override(visit.language):
        day = formats.date_format(visit.date, "DATE_FORMAT") if visit.date else ""
        campus, school = visit.format.campus.name, visit.school.name
        story: list = []
        for _pupil in range(visit.pupils):
            if story:
                story.append(PageBreak())
            story += [
                Spacer(1, 30 * mm),
                _p(_("Certificate of discovery"), _TITLE),
                Spacer(1, 12 * mm),
                _p(_("This certifies that"), _BIG),
                Spacer(1, 14 * mm),
                _p("_" * 48, _BIG),
                Spacer(1, 10 * mm),
                _p(
                    _("of class %(cls)s, %(school)s,")
                    % {"cls": visit.class_name, "school": school},
                    _BIG,
                ),
                _p(
                    _("discovered biotechnology at %(campus)s on %(day)s")
                    % {"campus": campus, "day": day},
                    _BIG,
                ),
                _p(f"“{visit.format.name}”", _BIG),
                Spacer(1, 8 * mm),
                _p(_("Stations visited:"), _HEAD),
                *[_p(f"• {name}") for name in stations],
            ]
        title = _("Certificates: %(cls)s") % {"cls": visit.class_name}
        return _render(story, title=title, author=campus)
