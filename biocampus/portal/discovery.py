"""What search engines and feed readers find: sitemap.xml, robots.txt, Atom feeds of new
programmes and open vacancies, and the favicon."""

from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from biocampus.catalog.models import Programme, ProgrammeStatus
from biocampus.skills.queries.matching import open_vacancies

FEED_SIZE = 50


def _published():
    return Programme.objects.filter(status=ProgrammeStatus.PUBLISHED).select_related("operator")


class ProgrammeSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return _published().order_by("pk")

    def location(self, programme) -> str:
        return reverse("portal:programme", args=[programme.pk])

    def lastmod(self, programme):
        return programme.updated_at


class VacancySitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return open_vacancies().order_by("pk")

    def location(self, vacancy) -> str:
        return reverse("skills:vacancy_public", args=[vacancy.pk])

    def lastmod(self, vacancy):
        return vacancy.created_at


class PageSitemap(Sitemap):
    changefreq = "weekly"
    names = ("portal:home", "portal:catalogue", "skills:jobs", "skills:jobs_gap",
             "accelerator:home", "privacy:policy")  # fmt: skip

    def items(self):
        return list(self.names)

    def location(self, name: str) -> str:
        return reverse(name)


SITEMAPS = {"pages": PageSitemap, "programmes": ProgrammeSitemap, "vacancies": VacancySitemap}


class NewProgrammes(Feed):
    feed_type = Atom1Feed
    title = _("BioCampus — new training programmes")
    subtitle = _("Programmes published on the campus, newest first.")

    def link(self) -> str:
        return reverse("portal:catalogue")

    def items(self):
        return _published().order_by("-created_at", "-pk")[:FEED_SIZE]

    def item_title(self, programme) -> str:
        return programme.title

    def item_description(self, programme) -> str:
        return programme.summary

    def item_link(self, programme) -> str:
        return reverse("portal:programme", args=[programme.pk])

    def item_pubdate(self, programme):
        return programme.created_at

    def item_updateddate(self, programme):
        return programme.updated_at

    def item_author_name(self, programme) -> str:
        return programme.operator.name


class OpenVacancies(Feed):
    feed_type = Atom1Feed
    title = _("BioCampus — open biotech vacancies")
    subtitle = _("Vacancies of verified employers, newest first.")

    def link(self) -> str:
        return reverse("skills:jobs")

    def items(self):
        return open_vacancies().order_by("-created_at", "-pk")[:FEED_SIZE]

    def item_title(self, vacancy) -> str:
        return f"{vacancy.title} — {vacancy.employer.name}"

    def item_description(self, vacancy) -> str:
        return f"{vacancy.location} · {vacancy.get_contract_display()}"

    def item_link(self, vacancy) -> str:
        return reverse("skills:vacancy_public", args=[vacancy.pk])

    def item_pubdate(self, vacancy):
        return vacancy.created_at


# Pages that are someone's own, or not for indexing.
DISALLOWED = (
    "/admin/", "/api/", "/accounts/", "/account/", "/manage/", "/campus/", "/skills/me/",
    "/skills/hiring/", "/my-training/", "/facilities/bookings/",
)  # fmt: skip


def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def favicon(request: HttpRequest) -> HttpResponse:
    # Browsers ask for /favicon.ico whatever the page says; the icon itself is an SVG.
    return redirect(static("favicon.svg"), permanent=True)
