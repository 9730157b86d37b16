from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from biocampus.accounts import language
from biocampus.api.urls import api
from biocampus.common.views import healthz
from biocampus.portal import discovery

# The admin signs in through allauth's login page, with its limits on failed attempts.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("robots.txt", discovery.robots_txt, name="robots"),
    path("favicon.ico", discovery.favicon),
    path("sitemap.xml", sitemap, {"sitemaps": discovery.SITEMAPS}, name="sitemap"),
    path("feeds/programmes.atom", discovery.NewProgrammes(), name="feed_programmes"),
    path("feeds/vacancies.atom", discovery.OpenVacancies(), name="feed_vacancies"),
    path("admin/", admin.site.urls),
    path("accounts/tokens/", include("biocampus.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("outcomes/", include("biocampus.outcomes.urls")),
    path("credentials/", include("biocampus.credentials.urls")),
    path("i18n/setlang/", language.set_language, name="set_language"),
    path("api/v1/", api.urls),
    path("skills/", include("biocampus.skills.urls")),
    path("facilities/", include("biocampus.facilities.urls")),
    path("accelerator/", include("biocampus.accelerator.urls")),
    path("immersion/", include("biocampus.immersion.urls")),
    path("", include("biocampus.privacy.urls")),
    path("", include("biocampus.outbox.urls")),
    path("", include("biocampus.portal.urls")),
]

handler400 = "biocampus.common.error_views.bad_request"
handler404 = "biocampus.common.error_views.not_found"
handler500 = "biocampus.common.error_views.server_error"
