"""Signing keys: made and rotated by a command, encrypted at rest, old ones published."""

import io

import pytest
from cryptography.fernet import InvalidToken
from django.core.management import call_command

from biocampus.credentials.keys import private_key
from biocampus.credentials.models import SigningKey

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("issuer_keys", *args, stdout=out)
    return out.getvalue()


def test_the_command_makes_rotates_and_lists_keys(operator_a):
    assert "now signs with" in run(operator_a.slug)
    first = SigningKey.objects.get(issuer=operator_a)
    assert "already signs with" in run(operator_a.slug)
    run(operator_a.slug, "--rotate")
    first.refresh_from_db()
    assert first.retired_at is not None
    listing = run()
    assert listing.count(operator_a.slug) == 2
    assert "active" in listing
    assert "retired" in listing


def test_the_private_key_is_stored_encrypted(operator_a, settings):
    run(operator_a.slug)
    key = SigningKey.objects.get(issuer=operator_a)
    assert "PRIVATE KEY" not in key.private_key
    assert private_key(key).as_dict(private=True)["d"]
    settings.CREDENTIALS_KEYS = ["kqVtG9cF8b1xYv2eTqYJ2tWQmQ6Z0h0n4pF6a2H3n8E="]
    with pytest.raises(InvalidToken):
        private_key(key)  # another encryption key cannot read it
