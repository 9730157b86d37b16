"""The OpenAPI schema declares the failures every operation can answer.

Routes declare their own domain errors (400, 403, 409...). These are the ones any
operation can meet whatever it does, answered by the error handlers and
middleware rather than the route: bad input (422; 400 for a body that is not
JSON), a key or page that is not there (404), no or a bad token (401) and a
refusal (403) where the operation takes a token, an unexpected failure (500,
with an error id) and the database unreachable (503, with Retry-After).
Declaring them lets a generated client and a contract test expect them.
"""

import re

from ninja import NinjaAPI

from biocampus.api.operation_ids import OPERATION_IDS
from biocampus.common.exports import XLSX

ERROR_REF = {"$ref": "#/components/schemas/Error"}
COMMON = {
    "404": "Not found, or not visible to you.",
    "422": "Invalid input: a field out of range, a NUL character, a date out of range.",
    "500": "Unexpected failure; the body's error_id is in the server log.",
    "503": "The database cannot be reached; retry after the Retry-After seconds.",
}

# For routes that also answer `format=csv` or `xlsx`: the 200 may be a spreadsheet too.
CSV_TOO = {"x-csv": True}


def file_only(content_type: str, description: str) -> dict:
    """A route whose 200 is a file of one type (a generated client then returns text or
    bytes rather than trying to read JSON)."""
    binary = not content_type.startswith("text/")
    schema = {"type": "string", "format": "binary"} if binary else {"type": "string"}
    return {
        "responses": {
            "200": {"description": description, "content": {content_type: {"schema": schema}}}
        }
    }


CSV_FILE = file_only("text/csv", "A CSV file (UTF-8 with a byte-order mark).")
XLSX_FILE = file_only(XLSX, "An Excel workbook.")
# iCalendar feeds, which also answer a conditional request with 304.
ICALENDAR = {
    "responses": {
        "200": {
            "description": "An iCalendar feed (RFC 5545), with ETag and Last-Modified.",
            "content": {"text/calendar": {"schema": {"type": "string"}}},
        },
        "304": {"description": "Not modified since the ETag or date the request gave."},
    }
}


# Amounts and hours travel as decimal strings ("1234.50"), never floats: the schema says
# so, and which amounts are money.
MONEY = re.compile(r"(price|cost|rate|funds_raised|revenue|_eur)$")
HOURS = re.compile(r"hours$")
DECIMAL_STRING = {"format": "decimal", "pattern": r"^-?\d+(\.\d+)?$"}


def _declare_decimals(components: dict) -> None:
    for component in components.values():
        for name, prop in component.get("properties", {}).items():
            if prop.get("type") != "string":
                continue
            if MONEY.search(name):
                prop.update(DECIMAL_STRING)
                prop.setdefault("description", "Euros, a decimal string with two decimals.")
            elif HOURS.search(name):
                prop.update(DECIMAL_STRING)
                prop.setdefault("description", "Hours, a decimal string.")


class BioCampusAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        _declare_decimals(schema.get("components", {}).get("schemas", {}))
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                readable = OPERATION_IDS.get((method.upper(), path))
                if readable:
                    operation["operationId"] = readable
                # Ninja keys statuses by int; JSON keys are strings: one of each would
                # be a duplicate key in the published document.
                responses = {str(k): v for k, v in operation.get("responses", {}).items()}
                operation["responses"] = responses
                common = dict(COMMON)
                if "requestBody" in operation:
                    common["400"] = "The body is not valid JSON."
                if operation.get("security"):
                    common["401"] = "No valid Bearer token (or an expired or revoked one)."
                    common["403"] = "Signed in, but not allowed to do this."
                for status, description in sorted(common.items()):
                    responses.setdefault(
                        status,
                        {
                            "description": description,
                            "content": {"application/json": {"schema": ERROR_REF}},
                        },
                    )
                if operation.pop("x-csv", False):
                    content = responses["200"]["content"]
                    content["text/csv"] = {"schema": {"type": "string"}}
                    content[XLSX] = {"schema": {"type": "string", "format": "binary"}}
                if "503" in responses:
                    responses["503"].setdefault("headers", {})["Retry-After"] = {
                        "schema": {"type": "integer"},
                        "description": "Seconds to wait before retrying.",
                    }
        return schema
