"""The language chosen at sign-up is the one the person gets, and one date format per
language everywhere."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import formats, translation

from biocampus.conftest import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "amelie@example.test",
    "full_name": "Amélie Dupont",
    "audience": "job_seeker",
    "preferred_language": "fr",
    "password1": "a long passphrase 42",
    "password2": "a long passphrase 42",
}


def test_the_language_chosen_at_sign_up_is_the_one_the_person_gets(client, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "optional"
    response = client.post("/accounts/signup/", SIGNUP, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert page["Content-Language"] == "fr"
    assert '<html lang="fr">' in page.content.decode()


def test_a_browser_without_a_choice_follows_the_profile(client):
    person = UserFactory(preferred_language="fr")
    client.force_login(person)
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "fr"


def test_signing_in_applies_the_profile_language(client):
    person = UserFactory(preferred_language="fr")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"


def test_switching_language_in_the_header_goes_on_the_profile(client):
    person = UserFactory(preferred_language="en")
    client.force_login(person)
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.preferred_language == "fr"
    # An unknown language changes nothing.
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    person.refresh_from_db()
    assert person.preferred_language == "fr"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "25 December 2026, 09:00"), ("fr", "25 décembre 2026, 09:00")],
)
def test_one_date_and_time_format_per_language(language, expected):
    moment = dt.datetime(2026, 12, 25, 9, 0)
    with translation.override(language):
        assert formats.date_format(moment, "DATETIME_FORMAT") == expected
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "25/12/2026 09:00"
        assert formats.time_format(moment.time(), "TIME_FORMAT") == "09:00"
