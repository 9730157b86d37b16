"""Browser test: find a free lab and book it; a clash shows the conflict (chromium, axe)."""

import pytest

from biocampus.conftest import assert_accessible, sign_in, sign_out
from biocampus.facilities.models import Booking
from biocampus.facilities.tests.conftest import next_weekday

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_find_a_free_lab_book_it_and_see_a_clash(
    page,
    screen,
    live_server,
    staff_a,
    staff_b,
    lab,
):
    base = live_server.url
    day = next_weekday(1)
    sign_in(page, base, staff_a.email)
    page.goto(f"{base}/facilities/")
    # The feature checkboxes sit on a line or two, beside their labels, not one a row.
    assert page.locator("form.filters").bounding_box()["height"] < (300 if screen > 900 else 900)
    box = page.get_by_label("Biosafety level 2")
    label = page.locator("form.filters label", has_text="Biosafety level 2")
    assert abs(box.bounding_box()["y"] - label.bounding_box()["y"]) < 12
    page.get_by_label("Biosafety level 2").check()
    page.get_by_label("People").fill("12")
    page.get_by_label("Day").fill(str(day))
    page.get_by_label("From").fill("09:00")
    page.get_by_label("To").fill("12:00")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name="Wet lab 1").click()
    assert_accessible(page)
    page.get_by_label("Title").fill("Cell culture practical")
    page.get_by_role("button", name="Book", exact=True).click()
    page.get_by_text("Booked: 1 slot.").wait_for()
    assert_accessible(page)
    assert Booking.objects.get().title == "Cell culture practical"

    sign_out(page)
    sign_in(page, base, staff_b.email)
    page.goto(f"{base}/facilities/resources/{lab.pk}/?week={day}&day={day}&start=10:00&end=11:00")
    assert page.locator("table.week td.taken").count() == 3  # 09:00-12:00
    page.get_by_role("button", name="Book", exact=True).click()
    page.get_by_text("These times are already taken:").wait_for()
    assert_accessible(page)
    assert Booking.objects.count() == 1
