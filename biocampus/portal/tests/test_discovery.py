"""What search engines and feed readers find: schema.org data on programme and vacancy
pages, a language per URL, sitemap.xml, robots.txt, Atom feeds, a favicon."""

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from biocampus.accounts.models import Role, Verification
from biocampus.catalog.services import session_cancel
from biocampus.conftest import OrganisationFactory, make_programme, make_session, member
from biocampus.skills.models import Framework
from biocampus.skills.services.vacancies import vacancy_create
from biocampus.skills.tests.conftest import make_job

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def xml(body: bytes) -> ET.Element:
    return ET.fromstring(body)  # noqa: S314 — our own server's output, in a test


def structured(html: str) -> list[dict]:
    return [json.loads(block) for block in JSONLD.findall(html)]


@pytest.fixture
def vacancy(db):
    company = OrganisationFactory(
        kind="company", name="Helixa", verification=Verification.VERIFIED,
        enterprise_number="0400000086",
    )  # fmt: skip
    recruiter = member(company, Role.RECRUITER)
    job = make_job(Framework.objects.create(slug="seo", name="Test"), "qc-analyst")
    return vacancy_create(
        actor=recruiter, employer_id=company.pk, occupation_id=job.pk, title="QC analyst",
        location="Gosselies", contract="permanent", openings=2,
        closes_on=timezone.localdate() + dt.timedelta(days=30), status="open",
        description="Release testing of biologics.",
    )  # fmt: skip


def test_a_programme_page_describes_the_course_and_its_sessions(client, staff_a, operator_a):
    programme = make_programme(staff_a, operator_a, title="Aseptic </script><b>x</b> basics")
    first, second = (
        make_session(staff_a, programme, days=10),
        make_session(staff_a, programme, days=40),
    )
    html = client.get(f"/programmes/{programme.pk}/").content.decode()
    (course,) = structured(html)
    assert course["@type"] == "Course"
    assert course["name"] == "Aseptic </script><b>x</b> basics"  # escaped, still the title
    assert "</script><b>" not in html.split("application/ld+json")[1].split("</script>")[0]
    assert course["provider"]["name"] == operator_a.name
    instances = course["hasCourseInstance"]
    assert [i["startDate"] for i in instances] == [
        timezone.localtime(s.starts_at).isoformat() for s in (first, second)
    ]
    assert instances[0]["courseMode"] == "Onsite"


def test_each_language_of_a_page_has_its_own_url(client, staff_a, operator_a):
    programme = make_programme(staff_a, operator_a)
    html = client.get(f"/programmes/{programme.pk}/").content.decode()
    assert f'hreflang="fr" href="http://testserver/programmes/{programme.pk}/?lang=fr"' in html
    assert 'hreflang="x-default"' in html
    french = client.get(f"/programmes/{programme.pk}/?lang=fr").content.decode()
    assert '<html lang="fr">' in french
    assert '<html lang="en">' in client.get(f"/programmes/{programme.pk}/?lang=en").content.decode()


def test_a_vacancy_page_is_a_job_posting(client, vacancy):
    html = client.get(f"/skills/vacancies/{vacancy.pk}/").content.decode()
    (posting,) = structured(html)
    assert posting["@type"] == "JobPosting"
    assert posting["hiringOrganization"]["name"] == "Helixa"
    assert posting["validThrough"] == vacancy.closes_on.isoformat()
    assert posting["employmentType"] == "FULL_TIME"
    assert posting["jobLocation"]["address"]["addressLocality"] == "Gosselies"


def test_a_draft_vacancy_is_nobody_elses_and_never_described(client, vacancy):
    vacancy.status = "draft"
    vacancy.save(update_fields=["status"])
    assert client.get(f"/skills/vacancies/{vacancy.pk}/").status_code == 404


def test_the_sitemap_lists_public_pages_only(client, staff_a, operator_a, vacancy):
    published = make_programme(staff_a, operator_a)
    draft = make_programme(staff_a, operator_a, title="Not yet", status="draft")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    urls = {loc.text for loc in xml(response.content).iter(f"{SITEMAP}loc")}
    assert f"http://testserver/programmes/{published.pk}/" in urls
    assert f"http://testserver/programmes/{draft.pk}/" not in urls
    assert f"http://testserver/skills/vacancies/{vacancy.pk}/" in urls
    assert "http://testserver/privacy/" in urls


def test_robots_txt_points_at_the_sitemap_and_keeps_private_pages_out(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /api/" in text
    assert "Disallow: /account/" in text


def test_atom_feeds_of_new_programmes_and_open_vacancies(client, staff_a, operator_a, vacancy):
    make_programme(staff_a, operator_a, title="Cell culture")
    programmes = xml(client.get("/feeds/programmes.atom").content)
    assert programmes.tag == f"{ATOM}feed"
    assert [e.find(f"{ATOM}title").text for e in programmes.iter(f"{ATOM}entry")] == [
        "Cell culture"
    ]
    vacancies = xml(client.get("/feeds/vacancies.atom").content)
    (entry,) = vacancies.iter(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "QC analyst — Helixa"
    link = entry.find(f"{ATOM}link").get("href")
    assert link.endswith(f"/skills/vacancies/{vacancy.pk}/")


def test_a_favicon(client):
    assert '<link rel="icon" href="/static/favicon.svg"' in client.get("/").content.decode()
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")


def test_an_expired_vacancy_is_no_longer_public(client, vacancy):
    vacancy.closes_on = timezone.localdate() - dt.timedelta(days=1)
    vacancy.save(update_fields=["closes_on"])
    assert client.get(f"/skills/vacancies/{vacancy.pk}/").status_code == 404


def test_a_cancelled_session_is_not_advertised(client, staff_a, operator_a):
    programme = make_programme(staff_a, operator_a)
    kept, dropped = (
        make_session(staff_a, programme, days=10),
        make_session(staff_a, programme, days=20),
    )
    session_cancel(actor=staff_a, session=dropped, reason="Trainer ill")
    (course,) = structured(client.get(f"/programmes/{programme.pk}/").content.decode())
    assert [i["startDate"] for i in course["hasCourseInstance"]] == [
        timezone.localtime(kept.starts_at).isoformat()
    ]


def test_language_links_keep_the_pages_other_parameters(client):
    html = client.get("/catalogue/?pillar=biomanufacturing&page=1").content.decode()
    assert (
        'hreflang="fr" href="http://testserver/catalogue/?pillar=biomanufacturing&amp;page=1&amp;lang=fr"'
        in html
    )
