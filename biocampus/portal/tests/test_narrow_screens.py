"""On a 390 px phone: the header folds into a menu button, every navigation item can be
reached, and nothing scrolls sideways; at 1280 px the navigation is simply there."""

import pytest

from biocampus.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def nav_links(page):
    return page.locator("#site-menu nav a")


def check_menu_on_a_phone(page, url: str) -> list[str]:
    page.set_viewport_size(PHONE)
    page.goto(url)
    menu = page.get_by_role("button", name="Menu")
    assert menu.is_visible()
    # Folded: the navigation takes no room until asked for.
    assert not nav_links(page).first.is_visible()
    assert page_width(page) <= PHONE["width"], f"{url} is {page_width(page)} px wide"
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    names = []
    for link in nav_links(page).all():
        assert link.is_visible()
        box = link.bounding_box()
        assert box["x"] >= 0, link.inner_text()
        assert box["x"] + box["width"] <= PHONE["width"], link.inner_text()
        names.append(link.inner_text().strip())
    assert page_width(page) <= PHONE["width"]
    assert_accessible(page)
    return names


def test_every_navigation_item_is_reachable_on_a_phone(page, live_server, learner, staff_a):
    base = live_server.url
    anonymous = check_menu_on_a_phone(page, f"{base}/")
    assert {"Catalogue", "Jobs", "Rooms and labs", "Accelerator", "Jobs gap"} <= set(anonymous)
    sign_in(page, base, learner.email)
    mine = check_menu_on_a_phone(page, f"{base}/my-training/")
    assert {"My training", "My skills", "Accelerator", "Jobs gap"} <= set(mine)
    # The person's own tools are reachable too, in the account menu.
    page.locator(".account-menu summary").click()
    for name in ("Your home", "Account settings", "API tokens", "Your data"):
        link = page.get_by_role("link", name=name)
        assert link.is_visible(), name
        box = link.bounding_box()
        assert box["x"] + box["width"] <= PHONE["width"], name
    assert page.get_by_role("button", name="Sign out").is_visible()


def test_on_a_wide_screen_the_navigation_is_simply_there(page, live_server):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/")
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert all(link.is_visible() for link in nav_links(page).all())


def test_links_to_pages_a_person_cannot_open_are_not_shown(client, learner, staff_a):
    client.force_login(learner)
    assert "Usage and cost" not in client.get("/facilities/").content.decode()
    assert "Run calls" not in client.get("/accelerator/").content.decode()
    client.force_login(staff_a)
    assert "Usage and cost" in client.get("/facilities/").content.decode()
