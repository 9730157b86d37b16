"""API v1: one NinjaAPI, one router per capability, one error shape."""

from biocampus.accelerator.api import router as accelerator_router
from biocampus.accounts.api import router as auth_router
from biocampus.accounts.api_organisations import router as organisations_router
from biocampus.api import errors
from biocampus.api.openapi import BioCampusAPI
from biocampus.catalog.api import router as catalog_router
from biocampus.credentials.api import router as credentials_router
from biocampus.enrolment.api import router as enrolment_router
from biocampus.facilities.api import router as facilities_router
from biocampus.immersion.api import router as immersion_router
from biocampus.outcomes.api import router as outcomes_router
from biocampus.outcomes.api_insights import router as capacity_router
from biocampus.outcomes.api_reports import router as outcome_reports_router
from biocampus.privacy.api import router as privacy_router
from biocampus.skills.api import router as skills_router
from biocampus.skills.api_insights import router as insights_router
from biocampus.skills.api_vacancies import router as vacancies_router

api = BioCampusAPI(
    title="BioCampus API",
    version="1",
    description="Training catalogue, enrolment, skills, pathways and vacancies of the "
    "BioCampus platform. "
    "Errors are JSON {code, message}.",
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
errors.install(api)
api.add_router("/auth", auth_router)
api.add_router("/", organisations_router)
api.add_router("/", catalog_router)
api.add_router("/", enrolment_router)
api.add_router("/", skills_router)
api.add_router("/", vacancies_router)
api.add_router("/", outcomes_router)
api.add_router("/", insights_router)
api.add_router("/", capacity_router)
api.add_router("/", outcome_reports_router)
api.add_router("/", credentials_router)
api.add_router("/", facilities_router)
api.add_router("/", accelerator_router)
api.add_router("/", immersion_router)
api.add_router("/", privacy_router)
