"""Browser test: a learner completes a programme and downloads the badge; anyone checks
it; the operator revokes it; the check now says revoked and the instrument it certified
can no longer be booked (chromium, axe)."""

import datetime as dt

import pytest
from django.utils import timezone

from biocampus.accounts.models import Membership
from biocampus.catalog.models import Session
from biocampus.conftest import assert_accessible, make_session, sign_in, sign_out
from biocampus.credentials.models import Credential
from biocampus.enrolment.models import Enrolment
from biocampus.facilities.tests.conftest import next_weekday

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_complete_download_verify_revoke_and_the_gate_closes(
    page, screen, live_server, staff_a, learner, operator_b, programme_a, cabinet, tmp_path
):
    base = live_server.url
    session = make_session(staff_a, programme_a)
    now = timezone.now()
    Session.objects.filter(pk=session.pk).update(
        starts_at=now - dt.timedelta(hours=8),
        ends_at=now - dt.timedelta(hours=1),
        enrolment_deadline=now - dt.timedelta(days=2),
    )
    Enrolment.objects.create(session=session, learner=learner, seats=1, status="confirmed")
    # The learner may book the campus's instruments as a trainer of another operator.
    Membership.objects.create(user=learner, organisation=operator_b, role="trainer")

    # The operator records the completion: the credential is issued with it.
    sign_in(page, base, staff_a.email)
    page.goto(f"{base}/manage/sessions/{session.pk}/")
    page.get_by_role("button", name="Record").click()
    page.wait_for_load_state()
    credential = Credential.objects.get(learner=learner)
    sign_out(page)

    # The learner finds it and downloads the badge with the credential baked in.
    sign_in(page, base, learner.email)
    page.goto(f"{base}/credentials/mine/")
    assert_accessible(page)
    page.get_by_text(programme_a.title).first.wait_for()
    assert page.locator(".badge", has_text="Valid").count() == 1
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Badge image {programme_a.title}").click()
    badge = tmp_path / "badge.png"
    download.value.save_as(badge)
    share = page.get_by_label("Public link to share").input_value()
    assert share.endswith(f"/credentials/{credential.id}/")
    sign_out(page)

    # Anyone checks it, without an account.
    page.goto(f"{base}/credentials/verify/")
    assert_accessible(page)
    page.get_by_label("Or upload it").set_input_files(badge)
    page.get_by_role("button", name="Check").click()
    page.get_by_text("This credential is genuine and valid.").wait_for()
    assert_accessible(page)

    # The operator revokes it, with a reason.
    sign_in(page, base, staff_a.email)
    page.goto(f"{base}/credentials/issued/")
    assert_accessible(page)
    page.locator("details.row-actions summary").first.click()
    page.get_by_placeholder("Reason").fill("Assessment found copied")
    page.get_by_role("button", name=f"Revoke {programme_a.title}").click()
    page.get_by_text("Credential revoked; the learner is told.").wait_for()
    sign_out(page)

    # The same badge now checks as revoked, with the issuer's reason.
    page.goto(f"{base}/credentials/verify/")
    page.get_by_label("Or upload it").set_input_files(badge)
    page.get_by_role("button", name="Check").click()
    page.get_by_text("This credential was revoked by its issuer.").wait_for()
    assert page.get_by_text("Assessment found copied").count() == 0  # the learner's business

    # And the instrument it certified can no longer be booked.
    sign_in(page, base, learner.email)
    day = next_weekday(2)
    page.goto(
        f"{base}/facilities/resources/{cabinet.pk}/?week={day}&day={day}&start=10:00&end=11:00"
    )
    page.get_by_role("button", name="Book", exact=True).click()
    page.get_by_text("certification was revoked").wait_for()
    assert_accessible(page)
