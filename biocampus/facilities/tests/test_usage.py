import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from biocampus.facilities.models import Booking
from biocampus.facilities.tests.conftest import at
from biocampus.facilities.usage import monthly_usage, occupancy

MONEY = '#,##0.00 "€"'

pytestmark = pytest.mark.django_db


def make(lab, org, user, start, end, status="approved", purpose="session", cancelled_at=None):
    return Booking.objects.create(
        resource=lab,
        organisation=org,
        booked_by=user,
        starts_at=start,
        ends_at=end,
        status=status,
        purpose=purpose,
        cancelled_at=cancelled_at,
    )


def test_monthly_cost_counts_late_cancellations_and_clips_to_the_month(
    api_as, lab, operator_a, operator_b, staff_a, staff_b, facility_manager
):
    # Lab rate 40 EUR/h, 48 h cancellation notice.
    day = dt.date(2027, 2, 10)
    make(lab, operator_a, staff_a, at(day, 9), at(day, 12))  # 3 h
    make(
        lab,
        operator_a,
        staff_a,
        at(day, 13),
        at(day, 15),
        status="cancelled",
        cancelled_at=at(day, 8),
    )  # cancelled 5 h before: charged 2 h
    make(
        lab,
        operator_a,
        staff_a,
        at(day, 16),
        at(day, 17),
        status="cancelled",
        cancelled_at=at(day, 16) - dt.timedelta(days=5),
    )  # in good time: free
    make(
        lab, operator_a, staff_a, at(dt.date(2027, 2, 28), 22), at(dt.date(2027, 3, 1), 2)
    )  # 2 h in Feb
    make(
        lab, operator_b, staff_b, at(day, 18), at(day, 19), purpose="maintenance"
    )  # nobody's usage
    make(lab, operator_b, staff_b, at(dt.date(2027, 2, 11), 9), at(dt.date(2027, 2, 11), 10))
    rows = {r.organisation: r for r in monthly_usage(dt.date(2027, 2, 1))}
    a = rows[operator_a.name]
    assert (a.hours, a.late_cancelled_hours) == (Decimal("5.00"), Decimal("2.00"))
    assert a.cost == Decimal("280.00")
    assert rows[operator_b.name].cost == Decimal("40.00")

    mine = api_as(staff_a).get("/api/v1/usage", {"month": "2027-02"}).json()
    assert [r["organisation"] for r in mine["rows"]] == [operator_a.name]  # only their own
    assert mine["total_cost"] == "280.00"
    everyone = api_as(facility_manager).get("/api/v1/usage", {"month": "2027-02"}).json()
    assert everyone["total_cost"] == "320.00"
    csv = api_as(facility_manager).get("/api/v1/usage", {"month": "2027-02", "format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    assert "Wet lab 1" in csv.content.decode()
    xlsx = api_as(facility_manager).get("/api/v1/usage", {"month": "2027-02", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    costs = {row[0].value: row[5].value for row in sheet.iter_rows(min_row=2)}
    assert costs[operator_a.name] == 280  # a number Excel can add up, not text
    assert sheet["F2"].number_format == MONEY
    bad = api_as(staff_a).get("/api/v1/usage", {"month": "February"})
    assert (bad.status_code, bad.json()["code"]) == (422, "invalid_month")


def test_weekly_occupancy_is_booked_over_open_hours(lab, cabinet, operator_a, staff_a):
    monday = dt.date(2027, 2, 8)
    # The lab opens 12 h a day, 5 days: 60 h a week. 15 h booked in the first week.
    for i in range(5):
        make(
            lab,
            operator_a,
            staff_a,
            at(monday + dt.timedelta(days=i), 9),
            at(monday + dt.timedelta(days=i), 12),
        )
    result = occupancy(monday, weeks=2)
    assert result.rates[lab.pk] == [0.25, 0.0]
    assert result.rates[cabinet.pk] == [0.0, 0.0]  # no hours set: open all week, unused
    assert result.ranked()[0][0] == lab
    assert result.average(lab.pk) == pytest.approx(0.125)


def test_the_usage_page_opens_on_the_latest_month_with_usage_and_subtotals(
    client, lab, operator_a, staff_a, facility_manager, operator_b, staff_b
):
    # Nothing this month; two months ago, bookings of two organisations.
    first = timezone.localdate().replace(day=1)
    month = (first - dt.timedelta(days=40)).replace(day=10)
    while month.weekday() > 4:
        month += dt.timedelta(days=1)
    make(lab, operator_a, staff_a, at(month, 9), at(month, 11))
    make(lab, operator_a, staff_a, at(month, 13), at(month, 14))
    make(lab, operator_b, staff_b, at(month, 15), at(month, 16))
    client.force_login(facility_manager)
    page = client.get("/facilities/usage/")
    assert page.context["month"] == month.replace(day=1)
    html = page.content.decode()
    assert "the latest month with usage" in html
    subtotals = {name: total for name, _rows, total in page.context["organisations"]}
    assert subtotals == {operator_a.name: Decimal("120.00"), operator_b.name: Decimal("40.00")}
    assert f"Subtotal — {operator_a.name}" in html
    # A month asked for is shown as it is, empty or not.
    empty = client.get("/facilities/usage/", {"month": first.strftime("%Y-%m")})
    assert empty.context["month"] == first
    assert "Nothing booked this month." in empty.content.decode()
