"""Status-like fields as enums in the schema, from the model's own choices, so a generated
client gets an enum and a value outside the choices can never be sent or stored."""

from typing import Any, Literal

from django.db.models import TextChoices


def one_of(choices: type[TextChoices]) -> Any:
    return Literal[tuple(choices.values)]
