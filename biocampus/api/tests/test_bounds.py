"""Every number the API or a form accepts fits the column it is stored in.

With server-side binding a PostgreSQL smallint wraps rather than refusing, so the
bounds are checked before SQL. These tests walk every API input (from the OpenAPI
schema), every model number field and every form number field: a new one without a
bound fails here.
"""

import importlib
import pkgutil
from decimal import Decimal

import pytest
from django import forms
from django.apps import apps
from django.db import models
from django.db.backends.postgresql.operations import DatabaseOperations

import biocampus
from biocampus.api.bounds import BIGINT_MAX, column_range
from biocampus.api.urls import api as ninja_api


def _schema():
    return ninja_api.get_openapi_schema()


def _numbers(schema: dict, components: dict, where: str):
    """(where, property schema) for each integer or number a schema accepts."""
    if "$ref" in schema:
        yield from _numbers(components[schema["$ref"].split("/")[-1]], components, where)
        return
    for key in ("anyOf", "allOf", "oneOf"):
        for part in schema.get(key, []):
            part = {**part, **{k: v for k, v in schema.items() if k == "x-column"}}
            yield from _numbers(part, components, where)
    if schema.get("type") in ("integer", "number"):
        yield where, schema
    for name, prop in schema.get("properties", {}).items():
        yield from _numbers(prop, components, f"{where}.{name}")
    if schema.get("type") == "array":
        yield from _numbers(schema.get("items", {}), components, f"{where}[]")
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):
        yield from _numbers(extra, components, f"{where}{{}}")


def api_inputs():
    schema = _schema()
    components = schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, op in operations.items():
            route = f"{method.upper()} {path}"
            for param in op.get("parameters", []):
                yield from _numbers(param["schema"], components, f"{route} {param['name']}")
            for content in op.get("requestBody", {}).get("content", {}).values():
                yield from _numbers(content["schema"], components, f"{route} body")


def _low(prop):
    return prop.get("minimum", prop.get("exclusiveMinimum"))


def _high(prop):
    return prop.get("maximum", prop.get("exclusiveMaximum"))


def model_numbers():
    for model in apps.get_models():
        if not model.__module__.startswith("biocampus."):
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation or isinstance(field, models.AutoField):
                continue
            if isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)):
                yield model, field


def form_numbers():
    for module in pkgutil.walk_packages(biocampus.__path__, "biocampus."):
        if ".tests" in module.name or ".migrations" in module.name:
            continue
        if module.name.rsplit(".", 1)[-1] in ("forms", "views") or ".views." in module.name:
            importlib.import_module(module.name)
    seen, todo = set(), [forms.Form, forms.ModelForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    for cls in seen:
        if not cls.__module__.startswith("biocampus."):
            continue
        meta = getattr(cls, "_meta", None)
        model = getattr(meta, "model", None)
        for name, field in cls.base_fields.items():
            if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
                # A model form also runs the model field's validators (full_clean).
                source = field
                if model is not None and name in {f.name for f in model._meta.fields}:
                    source = model._meta.get_field(name)
                yield f"{cls.__module__}.{cls.__name__}.{name}", (field, source)


def test_the_walks_find_what_they_should():
    # A walk that found nothing would pass everything.
    inputs = dict(api_inputs())
    assert "PUT /api/v1/applications/{application_id}/kpis body.patents_filed" in inputs
    assert "GET /api/v1/programmes page" in inputs
    assert len(inputs) > 100
    assert any(f.name == "patents_filed" for _, f in model_numbers())
    assert any(n.endswith("KpiForm.patents_filed") for n, _ in form_numbers())


@pytest.mark.parametrize(
    ("where", "prop"), list(api_inputs()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_api_number_is_bounded_by_its_column(where, prop):
    low, high = _low(prop), _high(prop)
    assert low is not None, f"{where} has no lower bound"
    assert high is not None, f"{where} has no upper bound"
    assert low >= -BIGINT_MAX, f"{where} is wider than a bigint"
    assert high <= BIGINT_MAX, f"{where} is wider than a bigint"
    if "x-column" in prop:
        label, name = prop["x-column"].rsplit(".", 1)
        col_low, col_high = column_range(apps.get_model(label)._meta.get_field(name))
        stores = f"{where} allows {low}..{high}, {prop['x-column']} stores {col_low}..{col_high}"
        assert Decimal(str(low)) >= col_low, stores
        assert Decimal(str(high)) <= col_high, stores


@pytest.mark.parametrize(
    ("model", "field"),
    list(model_numbers()),
    ids=lambda v: getattr(v, "__name__", getattr(v, "name", "")),
)
def test_every_model_number_is_bounded_within_its_column(model, field):
    # The declared validators only: on PostgreSQL Django adds the column's own range,
    # which would let an unbounded field pass there and fail on SQLite.
    kinds = {
        type(v).__name__: v.limit_value for v in field._validators if hasattr(v, "limit_value")
    }
    if isinstance(field, models.DecimalField):
        assert "MinValueValidator" in kinds, f"{model.__name__}.{field.name} has no lower bound"
    elif field.choices:
        assert all(value in range(*_pg(field)) for value, _label in field.choices)
    else:
        assert "MaxValueValidator" in kinds, f"{model.__name__}.{field.name} has no upper bound"
        low, high = _pg(field)
        assert low <= kinds.get("MinValueValidator", low)
        assert kinds["MaxValueValidator"] < high


def _pg(field) -> tuple[int, int]:
    low, high = DatabaseOperations.integer_field_ranges[field.get_internal_type()]
    return low, high + 1


@pytest.mark.parametrize(
    ("where", "field"), list(form_numbers()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_form_number_is_bounded(where, field):
    field, source = field
    limits = {
        type(v).__name__: v.limit_value
        for v in getattr(source, "_validators", source.validators)
        if hasattr(v, "limit_value")
    }
    low = limits.get("MinValueValidator", field.min_value)
    high = limits.get("MaxValueValidator", field.max_value)
    assert low is not None, f"{where} has no lower bound"
    if isinstance(field, forms.DecimalField):
        assert field.max_digits is not None, f"{where} has no digit limit"
    else:
        assert high is not None, f"{where} has no upper bound"
        assert low >= -BIGINT_MAX, where
        assert high <= BIGINT_MAX, where


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/programmes/{2**63}",
        "/api/v1/programmes/0",
        "/api/v1/programmes?page=100000000000000000000",
        "/api/v1/programmes?page=10001",
        f"/api/v1/skills?page={2**40}",
        f"/api/v1/resources?min_capacity={2**31}",
    ],
)
def test_out_of_range_keys_and_pages_are_a_422_naming_the_field(client, url):
    response = client.get(url)
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["errors"][0]["field"] in ("programme_id", "page", "min_capacity")
