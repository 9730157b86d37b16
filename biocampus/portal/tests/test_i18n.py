import re
from html import unescape
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy

from biocampus.common.errors import Conflict


def test_home_renders_in_french_for_a_french_browser(client, db):
    html = unescape(client.get("/", headers={"Accept-Language": "fr"}).content.decode())
    assert '<html lang="fr">' in html
    assert "Les quatre piliers" in html
    assert "Bioproduction et chaîne d'approvisionnement" in html


def test_language_switcher_sets_the_language(client, db):
    client.post("/i18n/setlang/", {"language": "fr", "next": "/catalogue/"})
    html = client.get("/catalogue/").content.decode()
    assert "Catalogue des formations" in html


def test_api_errors_follow_the_requested_language(client, session_a, learner):
    from biocampus.api.tests.test_api import token_for

    token = token_for(client, learner)
    url = f"/api/v1/sessions/{session_a.pk}/enrolments"
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": "fr"}
    client.post(url, {}, content_type="application/json", headers=headers)
    body = client.post(url, {}, content_type="application/json", headers=headers).json()
    assert body == {"code": "duplicate", "message": "Vous êtes déjà inscrit·e à cette session."}


def test_domain_messages_are_lazy_translations():
    error = Conflict(gettext_lazy("This session is closed."))
    with translation.override("fr"):
        assert str(error.message) == "Cette session est clôturée."


def test_every_french_message_is_translated():
    po = Path(settings.BASE_DIR, "locale", "fr", "LC_MESSAGES", "django.po").read_text()
    entries = re.split(r"\n\n", po)[1:]
    untranslated = [
        e
        for e in entries
        if 'msgstr ""' in e and not re.search(r'msgstr ""\n"', e) and "#~" not in e
    ]
    assert untranslated == []
    assert "#, fuzzy" not in po


def test_skills_pages_and_labels_follow_the_language(client, db):
    from biocampus.skills.services.campus_framework import campus_framework_load

    campus_framework_load()
    html = unescape(
        client.get("/skills/jobs-gap/", headers={"Accept-Language": "fr"}).content.decode()
    )
    assert "L'écart emplois : personnes recherchées face aux personnes formées" in html
    jobs = unescape(client.get("/skills/jobs/", headers={"Accept-Language": "fr"}).content.decode())
    assert "Les métiers que la région recrute" in jobs
    assert "Analyste contrôle qualité" in jobs  # the job profile's French label
    body = client.get("/api/v1/skills", {"q": "hplc", "lang": "fr"}).json()
    assert body["items"][0]["label"] == "Analyse par HPLC"


def test_facilities_pages_follow_the_language(client, db):
    html = unescape(client.get("/facilities/", headers={"Accept-Language": "fr"}).content.decode())
    assert "Salles, laboratoires et instruments" in html
    assert "Tous les types" in html
