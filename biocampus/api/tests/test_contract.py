"""The API against its own OpenAPI schema, with requests nobody here wrote.

Schemathesis generates requests for every operation from the published schema and
sends each as several kinds of user. Every response must: not be a 5xx, have a
status and content type the schema declares for that operation, match the
declared response schema, and, for a 4xx, be JSON {code, message}. Bounded to a
few examples per operation so the run stays within minutes (`make test-contract`);
a failure names the request that produced it.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from biocampus.accounts.models import OrganisationKind, Role
from biocampus.accounts.services import api_token_create
from biocampus.conftest import (
    OrganisationFactory,
    UserFactory,
    make_programme,
    make_session,
    member,
)

pytestmark = [pytest.mark.contract, pytest.mark.django_db]

EXAMPLES_PER_OPERATION = 8


def error_shape(ctx, response, case):
    """A 4xx under /api/ is JSON {code, message}, both non-empty strings."""
    if not 400 <= response.status_code < 500:
        return None
    body = response.json()
    assert isinstance(body, dict), f"a {response.status_code} body is not an object"
    assert isinstance(body.get("code"), str), f"a {response.status_code} has no code"
    assert body["code"], f"a {response.status_code} has an empty code"
    assert isinstance(body.get("message"), str), f"a {response.status_code} has no message"
    assert body["message"], f"a {response.status_code} has an empty message"
    return True


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    error_shape,
]


@pytest.fixture
def in_process(db):
    """Requests go through the real WSGI handler in this process. Django closes the
    database connection when a request ends, which would close the test's own
    transaction: keep it open for the test, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def personas(in_process):
    """Bearer headers of an anonymous caller, a learner, an operator's staff and a
    campus admin, in a world with a published programme and an open session."""
    operator = OrganisationFactory(name="Contract Operator")
    staff = member(operator, Role.STAFF)
    programme = make_programme(staff, operator)
    make_session(staff, programme)
    campus = OrganisationFactory(kind=OrganisationKind.CAMPUS, name="Contract Campus")
    admin = member(campus, Role.ADMIN)
    learner = UserFactory()
    headers = [{}]
    for user in (learner, staff, admin):
        _, token = api_token_create(user=user, name="contract")
        headers.append({"Authorization": f"Bearer {token}"})
    return headers


# Loaded through the WSGI handler as a client would fetch it (no database needed).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_every_operation_answers_as_its_schema_says(case, personas):
    for headers in personas:
        response = case.call(headers=headers, environ_base={"REMOTE_ADDR": "192.0.2.10"})
        case.validate_response(response, checks=CHECKS)
