"""An open vacancy as schema.org `JobPosting` (Google's job search reads it)."""

from django.http import HttpRequest
from django.urls import reverse

from biocampus.skills.models import Contract, Vacancy

EMPLOYMENT = {
    Contract.PERMANENT: "FULL_TIME",
    Contract.FIXED_TERM: "TEMPORARY",
    Contract.TEMPORARY: "TEMPORARY",
    Contract.APPRENTICESHIP: "INTERN",
    Contract.INTERNSHIP: "INTERN",
}


def job_posting(request: HttpRequest, vacancy: Vacancy) -> dict:
    url = request.build_absolute_uri(reverse("skills:vacancy_public", args=[vacancy.pk]))
    return {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "url": url,
        "title": vacancy.title,
        "description": vacancy.description or vacancy.title,
        "identifier": {
            "@type": "PropertyValue",
            "name": vacancy.employer.name,
            "value": vacancy.pk,
        },
        "datePosted": vacancy.created_at.date().isoformat(),
        "validThrough": vacancy.closes_on.isoformat(),
        "employmentType": EMPLOYMENT.get(vacancy.contract, "OTHER"),
        "totalJobOpenings": vacancy.openings,
        "hiringOrganization": {"@type": "Organization", "name": vacancy.employer.name},
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": vacancy.location,
                "addressCountry": "BE",
            },
        },
        "occupationalCategory": vacancy.occupation.uri,
    }
