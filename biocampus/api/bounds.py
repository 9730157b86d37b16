"""Numbers the API accepts, bounded by the columns they are stored in.

With server-side binding, PostgreSQL casts a bound parameter to the column type,
and a smallint column wraps silently rather than refusing 70000. So every
integer and decimal a client sends is refused with a 422 before it reaches SQL
unless it fits: keys and pages by the aliases below, model values by `column()`,
which reads the model field's own validators and its column's range.
api/tests/test_bounds.py walks every input schema and model field to keep it so.
"""

from decimal import Decimal
from typing import Annotated

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.backends.postgresql.operations import DatabaseOperations
from ninja import Field, Path, Query

INT_MAX = 2**31 - 1  # PostgreSQL integer
BIGINT_MAX = 2**63 - 1  # PostgreSQL bigint, the primary keys
PAGE_MAX = 10_000  # 10,000 pages of API_PAGE_SIZE rows is past any real list

# Keys sent in a body or a query string.
Id = Annotated[int, Field(ge=1, le=BIGINT_MAX)]
# Keys in a path.
PathId = Annotated[int, Path(ge=1, le=BIGINT_MAX)]
# Keys in a query string.
QueryId = Annotated[int, Query(..., ge=1, le=BIGINT_MAX)]
# A page number in a query string.
Page = Annotated[int, Query(1, ge=1, le=PAGE_MAX, description="1-based page number.")]
PAGE_FIELD = {"ge": 1, "le": PAGE_MAX, "description": "1-based page number."}


def column_range(field: models.Field) -> tuple[Decimal | int | None, Decimal | int | None]:
    """The values `field` can store and its validators allow: (low, high)."""
    low = high = None
    if isinstance(field, models.DecimalField):
        whole = field.max_digits - field.decimal_places
        high = Decimal(10) ** whole - Decimal(1).scaleb(-field.decimal_places)
        low = -high
    elif isinstance(field, models.IntegerField):
        low, high = DatabaseOperations.integer_field_ranges[field.get_internal_type()]
    for validator in field.validators:
        if isinstance(validator, MinValueValidator):
            low = max(low, validator.limit_value)
        elif isinstance(validator, MaxValueValidator):
            high = min(high, validator.limit_value)
    return low, high


def column(model: type[models.Model], name: str, default=..., **extra):
    """A schema Field holding what `model.name` can store, named in the schema
    as `x-column` so the bounds test can compare the two."""
    field = model._meta.get_field(name)
    low, high = column_range(field)
    if isinstance(field, models.DecimalField):
        extra.setdefault("decimal_places", field.decimal_places)
        extra.setdefault("max_digits", field.max_digits)
    label = f"{model._meta.label}.{name}"
    return Field(default, ge=low, le=high, json_schema_extra={"x-column": label}, **extra)
