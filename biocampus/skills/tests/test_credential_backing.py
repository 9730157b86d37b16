"""Employers see which of a consenting candidate's skills a valid credential backs: in the
query, on the vacancy's candidate list and in the candidates API."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from biocampus.catalog.models import Session
from biocampus.conftest import (
    UserFactory,
    assert_accessible,
    make_programme,
    make_session,
    sign_in,
)
from biocampus.credentials.assessments import assessment_create, assessment_pass
from biocampus.credentials.backing import backing_credentials
from biocampus.credentials.models import Credential
from biocampus.credentials.services import (
    credential_reinstate,
    credential_reissue,
    credential_revoke,
    credential_suspend,
    is_current,
)
from biocampus.enrolment.services import enrolment_create, enrolment_record_outcome
from biocampus.skills.models import SkillLink
from biocampus.skills.services.profiles import consent_set
from biocampus.skills.services.programmes import programme_skills_set
from biocampus.skills.tests.conftest import make_skill

pytestmark = pytest.mark.django_db


def earn(staff, operator, learner, teaches, *, requires=(), title="QC analytics") -> Credential:
    """The learner completes a programme teaching `teaches`: the real path, which verifies
    those skills on their profile and issues the programme's credential."""
    programme = make_programme(staff, operator, title=title)
    programme_skills_set(
        actor=staff,
        programme=programme,
        teaches=[s.pk for s in teaches],
        requires=[s.pk for s in requires],
    )
    session = make_session(
        staff, programme, days=1, enrolment_deadline=timezone.now() + dt.timedelta(hours=1)
    )
    enrolment = enrolment_create(actor=learner, session_id=session.pk)
    now = timezone.now()
    Session.objects.filter(pk=session.pk).update(  # the session has now run
        starts_at=now - dt.timedelta(hours=8),
        ends_at=now - dt.timedelta(hours=1),
        enrolment_deadline=now - dt.timedelta(hours=9),
    )
    enrolment_record_outcome(actor=staff, enrolment=enrolment, outcome="completed")
    return Credential.objects.get(enrolment=enrolment)


def expire(credential: Credential) -> None:
    Credential.objects.filter(pk=credential.pk).update(
        valid_from=timezone.now() - dt.timedelta(days=400),
        valid_until=timezone.now() - dt.timedelta(days=1),
    )


@pytest.fixture
def candidate(learner):
    consent_set(actor=learner, findable=True)
    return learner


@pytest.fixture
def badge(staff_a, operator_a, candidate, skills):
    """A valid credential of a programme teaching GMP and HPLC (and requiring Python)."""
    return earn(
        staff_a,
        operator_a,
        candidate,
        [skills["gmp"], skills["hplc"]],
        requires=[skills["python"]],
    )


def item(items: list[dict], code: str) -> dict:
    return next(i for i in items if i["skill"]["label"] == code)


def test_a_valid_credential_backs_what_its_programme_teaches_not_what_it_requires(
    candidate, badge, skills
):
    assert backing_credentials([candidate.pk]) == {
        candidate.pk: {skills["gmp"].pk: badge.pk, skills["hplc"].pk: badge.pk}
    }


def test_nothing_is_backed_for_a_learner_who_has_not_consented(
    learner, staff_a, operator_a, skills
):
    credential = earn(staff_a, operator_a, learner, [skills["gmp"]])
    assert is_current(credential)
    assert backing_credentials([learner.pk]) == {}
    consent_set(actor=learner, findable=True)
    assert backing_credentials([learner.pk]) == {learner.pk: {skills["gmp"].pk: credential.pk}}
    consent_set(actor=learner, findable=False)
    assert backing_credentials([learner.pk]) == {}


@pytest.mark.parametrize(
    "lapse", ["revoked", "suspended", "expired", "not_yet_valid", "account_closed"]
)
def test_a_credential_that_is_not_valid_backs_nothing(candidate, badge, staff_a, lapse):
    if lapse == "revoked":
        credential_revoke(actor=staff_a, credential=badge, reason="Assessment annulled")
    elif lapse == "suspended":
        credential_suspend(actor=staff_a, credential=badge, reason="Inquiry under way")
    elif lapse == "expired":
        expire(badge)
    elif lapse == "not_yet_valid":
        Credential.objects.filter(pk=badge.pk).update(
            valid_from=timezone.now() + dt.timedelta(days=1)
        )
    else:  # what erasing a closed account leaves of it
        Credential.objects.filter(pk=badge.pk).update(document={}, jwt="")
    assert backing_credentials([candidate.pk]) == {}


def test_validity_is_the_same_as_is_current_up_to_the_expiry_instant(candidate, badge, skills):
    Credential.objects.filter(pk=badge.pk).update(
        valid_until=badge.valid_from + dt.timedelta(days=30)
    )
    badge.refresh_from_db()
    for at in (badge.valid_until - dt.timedelta(microseconds=1), badge.valid_until):
        backed = bool(backing_credentials([candidate.pk], at=at))
        assert backed is is_current(badge, at)
    assert backing_credentials([candidate.pk], at=badge.valid_until) == {}
    assert backing_credentials([candidate.pk], at=badge.valid_from) != {}


def test_a_reinstated_credential_backs_again_and_a_reissued_one_hands_over(
    candidate, badge, staff_a, skills
):
    credential_suspend(actor=staff_a, credential=badge, reason="Inquiry under way")
    assert backing_credentials([candidate.pk]) == {}
    credential_reinstate(actor=staff_a, credential=badge)
    assert backing_credentials([candidate.pk])[candidate.pk][skills["gmp"].pk] == badge.pk
    fresh = credential_reissue(actor=staff_a, credential=badge)
    assert backing_credentials([candidate.pk]) == {
        candidate.pk: {skills["gmp"].pk: fresh.pk, skills["hplc"].pk: fresh.pk}
    }


def test_a_passed_skill_assessment_backs_the_skills_it_verifies(
    candidate, staff_a, operator_a, skills
):
    check = assessment_create(
        actor=staff_a,
        issuer=operator_a,
        title="HPLC bench check",
        description="Runs a method and reads the chromatogram.",
        criteria="Three runs within the system suitability limits.",
        skill_ids=[skills["hplc"].pk],
        valid_months=12,
    )
    credential = assessment_pass(
        actor=staff_a, assessment=check, email=candidate.email, assessed_on=timezone.localdate()
    )
    assert backing_credentials([candidate.pk]) == {candidate.pk: {skills["hplc"].pk: credential.pk}}
    credential_revoke(actor=staff_a, credential=credential, reason="Results were copied")
    assert backing_credentials([candidate.pk]) == {}


def test_a_skill_is_backed_by_the_valid_one_of_two_credentials(
    candidate, staff_a, operator_a, skills
):
    old = earn(staff_a, operator_a, candidate, [skills["gmp"]], title="GMP basics")
    new = earn(staff_a, operator_a, candidate, [skills["gmp"]], title="GMP refresher")
    assert backing_credentials([candidate.pk])[candidate.pk][skills["gmp"].pk] == new.pk
    credential_revoke(actor=staff_a, credential=new, reason="Issued by mistake")
    assert backing_credentials([candidate.pk])[candidate.pk][skills["gmp"].pk] == old.pk


def test_the_api_gives_each_candidate_skill_its_credential(
    api_as, client, recruiter_a, vacancy, candidate, badge, skills
):
    url = f"/api/v1/vacancies/{vacancy.pk}/candidates"
    listed = api_as(recruiter_a).get(url).json()
    assert [c["learner_id"] for c in listed["items"]] == [candidate.pk]
    essential = listed["items"][0]["essential"]
    assert item(essential, "gmp")["credential"] == str(badge.pk)
    assert item(essential, "hplc")["credential"] == str(badge.pk)
    missing = skills["chromatography"]
    assert item(essential, "chromatography") == {
        "skill": {"id": missing.pk, "uri": missing.uri, "label": "chromatography"},
        "state": "missing",
        "via": None,
        "credential": None,
    }
    assert {i["credential"] for i in listed["items"][0]["optional"]} == {None}
    one = api_as(recruiter_a).get(f"{url}/{candidate.pk}").json()
    assert item(one["essential"], "gmp")["credential"] == str(badge.pk)

    # Anyone with the id can read and verify it, signed in or not.
    public = client.get(reverse("credentials:credential", args=[badge.pk]))
    assert public.status_code == 200
    assert public.json()["id"].endswith(f"/credentials/{badge.pk}/")
    jwt = client.get(f"/api/v1/credentials/{badge.pk}", headers={"Accept": "application/vc+jwt"})
    check = client.post(
        "/api/v1/credentials/verify",
        {"credential": jwt.content.decode()},
        content_type="application/json",
    )
    assert check.json()["valid"] is True


def test_the_api_shows_no_credential_once_it_is_revoked(
    api_as, recruiter_a, staff_a, vacancy, candidate, badge
):
    url = f"/api/v1/vacancies/{vacancy.pk}/candidates"
    credential_revoke(actor=staff_a, credential=badge, reason="Assessment annulled")
    listed = api_as(recruiter_a).get(url).json()["items"][0]
    assert item(listed["essential"], "gmp")["state"] == "verified"  # the skill stays
    assert {i["credential"] for i in listed["essential"] + listed["optional"]} == {None}
    one = api_as(recruiter_a).get(f"{url}/{candidate.pk}").json()
    assert {i["credential"] for i in one["essential"] + one["optional"]} == {None}


def test_the_api_shows_nothing_of_a_learner_who_withdrew_consent(
    api_as, recruiter_a, vacancy, candidate, badge
):
    url = f"/api/v1/vacancies/{vacancy.pk}/candidates"
    assert api_as(recruiter_a).get(url).json()["count"] == 1
    consent_set(actor=candidate, findable=False)
    assert api_as(recruiter_a).get(url).json() == {"items": [], "count": 0}
    missing = api_as(recruiter_a).get(f"{url}/{candidate.pk}")
    assert missing.status_code == 404
    assert set(missing.json()) == {"code", "message"}


def test_a_requirement_met_through_an_equivalent_skill_shows_its_credential(
    api_as, recruiter_a, staff_a, operator_a, framework, vacancy, candidate, skills
):
    twin = make_skill(framework, "hplc-twin", "HPLC analysis")
    SkillLink.objects.create(source=twin, target=skills["hplc"], kind="exact_match")
    credential = earn(staff_a, operator_a, candidate, [twin])
    one = api_as(recruiter_a).get(f"/api/v1/vacancies/{vacancy.pk}/candidates/{candidate.pk}")
    hplc = item(one.json()["essential"], "hplc")
    assert (hplc["via"]["id"], hplc["credential"]) == (twin.pk, str(credential.pk))


def test_the_vacancy_page_links_each_backed_skill_to_its_credential(
    client, recruiter_a, staff_a, vacancy, candidate, badge
):
    client.force_login(recruiter_a)
    page = client.get(reverse("skills:vacancy", args=[vacancy.pk])).content.decode()
    link = reverse("credentials:credential", args=[badge.pk])
    # GMP and HPLC are backed, chromatography is missing: two badges, each named for its
    # skill for screen readers.
    assert page.count(f'href="{link}"') == 2
    assert "backing “gmp”, which anyone can verify" in page
    assert "backing “hplc”, which anyone can verify" in page
    assert "backing “chromatography”" not in page

    credential_revoke(actor=staff_a, credential=badge, reason="Assessment annulled")
    page = client.get(reverse("skills:vacancy", args=[vacancy.pk])).content.decode()
    assert "gmp: verified" in page
    assert link not in page


def test_the_vacancy_page_shows_no_credential_of_a_learner_who_did_not_consent(
    client, recruiter_a, staff_a, operator_a, vacancy, candidate, skills
):
    shy = UserFactory(full_name="Shy Learner")
    hidden = earn(staff_a, operator_a, shy, [skills["gmp"]])
    shown = earn(staff_a, operator_a, candidate, [skills["gmp"]])
    client.force_login(recruiter_a)
    page = client.get(reverse("skills:vacancy", args=[vacancy.pk])).content.decode()
    assert reverse("credentials:credential", args=[shown.pk]) in page
    assert str(hidden.pk) not in page
    assert "Shy Learner" not in page


def test_credentials_take_the_same_queries_for_one_candidate_or_many(
    api_as, client, recruiter_a, staff_a, operator_a, vacancy, candidate, skills
):
    earn(staff_a, operator_a, candidate, [skills["gmp"]])
    api, url = api_as(recruiter_a), f"/api/v1/vacancies/{vacancy.pk}/candidates"
    client.force_login(recruiter_a)
    page = reverse("skills:vacancy", args=[vacancy.pk])

    def count(path, read) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert read(path).status_code == 200
        return len(queries)

    api.get(url), client.get(page)  # the first request also records the sign-in
    one_api, one_page = count(url, api.get), count(page, client.get)
    for n in range(3):
        other = UserFactory(full_name=f"Candidate {n}")
        consent_set(actor=other, findable=True)
        earn(staff_a, operator_a, other, [skills["gmp"], skills["hplc"]], title=f"QC {n}")
    assert api.get(url).json()["count"] == 4
    assert count(url, api.get) == one_api
    assert count(page, client.get) == one_page
    assert client.get(page).content.decode().count('class="badge ok credential"') == 1 + 3 * 2


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_employer_follows_a_credential_badge_to_the_credential(
    page, screen, live_server, recruiter_a, staff_a, operator_a, vacancy, candidate, skills
):
    credential = earn(staff_a, operator_a, candidate, [skills["gmp"]])
    base = live_server.url
    sign_in(page, base, recruiter_a.email)
    page.goto(f"{base}{reverse('skills:vacancy', args=[vacancy.pk])}")
    badge = page.get_by_role("link", name="Credential backing “gmp”, which anyone can verify")
    assert badge.is_visible()
    assert page.locator("a.credential").count() == 1
    assert_accessible(page)
    badge.click()
    # The credential's public page, checked for whoever opens it.
    page.wait_for_url(f"**/credentials/{credential.pk}/")
    page.get_by_role("heading", name="QC analytics").wait_for()
    assert page.get_by_role("heading", name="Skills it verifies").is_visible()
    assert_accessible(page)
