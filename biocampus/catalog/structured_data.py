"""A programme as schema.org `Course`, each upcoming session a `CourseInstance`, so search
engines can show the training with its dates."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from biocampus.catalog.models import Format, Programme, Session, SessionStatus

MODES = {Format.ON_SITE: "Onsite", Format.ONLINE: "Online", Format.BLENDED: "Blended"}


def course(request: HttpRequest, programme: Programme, sessions: list[Session]) -> dict:
    url = request.build_absolute_uri(reverse("portal:programme", args=[programme.pk]))
    provider = {"@type": "Organization", "name": programme.operator.name}
    data = {
        "@context": "https://schema.org",
        "@type": "Course",
        "@id": url,
        "url": url,
        "name": programme.title,
        "description": programme.summary,
        "provider": provider,
        "inLanguage": [str(lang.code) for lang in programme.languages.all()],
        "timeRequired": f"PT{int(programme.duration_hours)}H",
        "offers": {
            "@type": "Offer",
            "category": "Paid" if programme.price else "Free",
            "price": str(programme.price),
            "priceCurrency": "EUR",
        },
        "hasCourseInstance": [
            {
                "@type": "CourseInstance",
                "courseMode": MODES.get(programme.format, "Onsite"),
                "startDate": timezone.localtime(s.starts_at).isoformat(),
                "endDate": timezone.localtime(s.ends_at).isoformat(),
                **({"location": {"@type": "Place", "name": s.location}} if s.location else {}),
                "courseWorkload": f"PT{int(programme.duration_hours)}H",
            }
            for s in sessions
            if s.status == SessionStatus.SCHEDULED
        ],
    }
    if programme.eqf_level:
        data["educationalLevel"] = f"EQF {programme.eqf_level}"
    return data
