"""The published schema tells a generated client the truth: readable operation ids, enums
for status-like fields, the error shape's extra lists, the real content types; and the
API behaves as declared for calls without credentials and for page 0."""

import re

import pytest
from django.test import Client

from biocampus.api.operation_ids import OPERATION_IDS
from biocampus.api.urls import api

pytestmark = pytest.mark.django_db

STATUS_LIKE = {"status", "purpose", "kind", "approval", "verification", "contract", "source"}
VERB_FIRST = re.compile(
    r"^(list|get|create|update|delete|set|cancel|approve|reject|revoke|request|verify|suspend|"
    r"hold|record|extract|plan|enrol|reset|accept|select|submit|declare|download|answer|close|reinstate|reissue|move|swap)_"
)


@pytest.fixture(scope="module")
def schema():
    return api.get_openapi_schema()


def operations(schema):
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            yield method.upper(), path, op


def test_every_operation_has_a_readable_unique_id(schema):
    ids = [op["operationId"] for _m, _p, op in operations(schema)]
    assert len(ids) == len(set(ids))
    assert {(m, p) for m, p, _op in operations(schema)} == set(OPERATION_IDS)
    assert [i for i in ids if not VERB_FIRST.match(i)] == []


def _properties(schema, ref_or_schema, seen=None):
    """Every (name, property schema) reachable from a response schema."""
    seen = seen if seen is not None else set()
    node = ref_or_schema
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[1]
        if name in seen:
            return
        seen.add(name)
        node = schema["components"]["schemas"][name]
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in node.get(key, []):
            yield from _properties(schema, sub, seen)
    if "items" in node:
        yield from _properties(schema, node["items"], seen)
    for name, prop in node.get("properties", {}).items():
        yield name, prop
        yield from _properties(schema, prop, seen)


def _has_enum(prop) -> bool:
    options = [prop, *prop.get("anyOf", [])]
    return any("enum" in o or "const" in o for o in options) or any("$ref" in o for o in options)


def test_status_like_fields_are_enums(schema):
    loose = []
    for method, path, op in operations(schema):
        for status, response in op["responses"].items():
            body = response.get("content", {}).get("application/json", {}).get("schema")
            if not body:
                continue
            for name, prop in _properties(schema, body):
                if (
                    name in STATUS_LIKE
                    and prop.get("type") in ("string", None)
                    and not _has_enum(prop)
                ):
                    loose.append(f"{method} {path} {status} {name}")
    # The pathway planner's per-session status is an outcome or an error code: free text.
    assert [x for x in loose if "/me/pathway/enrol" not in x] == []


def test_the_error_schema_lists_field_errors_and_clashes(schema):
    error = schema["components"]["schemas"]["Error"]["properties"]
    assert {"code", "message", "errors", "conflicts", "error_id"} <= set(error)


def test_content_types_are_declared(schema):
    def content(path, method="get", status="200"):
        return set(schema["paths"][path][method]["responses"][status]["content"])

    assert "text/calendar" in content("/api/v1/resources/{resource_id}/calendar.ics")
    assert "text/calendar" in content("/api/v1/calendar/{secret}.ics")
    assert {"application/json", "text/csv"} <= content("/api/v1/usage")
    assert "application/pdf" in content("/api/v1/attachments/{attachment_id}")
    assert "application/zip" in content("/api/v1/me/export/archive")


def test_without_credentials_a_protected_post_is_401_not_a_csrf_403():
    # What a real client meets: CSRF enforced, no session, no token.
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/v1/sessions/1/enrolments", {}, content_type="application/json")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_a_signed_in_browser_post_without_csrf_token_is_still_refused(learner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    response = client.post("/api/v1/me/export")
    assert response.status_code == 403


def test_page_zero_is_the_same_422_on_every_paginated_route(schema, api_as, learner):
    paginated = [
        path
        for method, path, op in operations(schema)
        if method == "GET" and any(p["name"] == "page" for p in op.get("parameters", []))
    ]
    assert len(paginated) >= 8
    client = api_as(learner)
    answers = {}
    for path in paginated:
        url = re.sub(r"\{[^}]+\}", "1", path)
        response = client.get(url, {"page": 0})
        answers[path] = (response.status_code, response.json()["code"])
    assert set(answers.values()) == {(422, "validation_error")}, answers


def test_money_and_hours_are_declared_decimal_strings(schema):
    outputs = schema["components"]["schemas"]
    found = {
        (name, field): prop.get("format")
        for name, component in outputs.items()
        for field, prop in component.get("properties", {}).items()
        if prop.get("type") == "string"
        and any(k in field for k in ("price", "cost", "rate", "funds", "revenue", "hours"))
    }
    assert len(found) >= 10
    assert set(found.values()) == {"decimal"}, found


def test_no_free_form_objects(schema):
    """An object is either described or a typed map (answers by question id): never
    "anything", which a generated client can only hand over as a raw dict."""
    untyped = []
    for name, component in schema["components"]["schemas"].items():
        for field, prop in component.get("properties", {}).items():
            for option in [prop, prop.get("items", {}), *prop.get("anyOf", [])]:
                described = "properties" in option
                anything = option.get("additionalProperties", True) is True
                if option.get("type") == "object" and not described and anything:
                    untyped.append(f"{name}.{field}")
    assert untyped == []
