"""What an attacker tried against verification, kept as regressions: a token the issuer
never issued borrowing another credential's status, hostile JSON and images, floods."""

import base64
import io
import json
import uuid

import pytest
from django.core.cache import cache
from PIL import Image

from biocampus.credentials.keys import key_create
from biocampus.credentials.models import SigningKey
from biocampus.credentials.signing import sign
from biocampus.credentials.verify import verify_jwt

pytestmark = pytest.mark.django_db

VERIFY = "/api/v1/credentials/verify"


def _post(client, **body):
    return client.post(VERIFY, body, content_type="application/json")


def test_a_token_never_issued_does_not_borrow_a_real_credentials_status(issued):
    leaked = SigningKey.objects.get()
    key_create(actor=None, issuer=issued.issuer)  # rotated; the old key stays published
    forged = json.loads(json.dumps(issued.document))
    forged["id"] = forged["id"].replace(str(issued.id), str(uuid.uuid4()))
    forged["name"] = "PhD in everything"
    result = verify_jwt(sign(forged, leaked))
    assert not result.valid
    assert result.credential is None
    assert "never issued" in next(c.message for c in result.checks if c.code == "status")
    assert verify_jwt(issued.jwt).valid  # what it did issue still checks


@pytest.mark.parametrize("payload", [[1, 2], "s", 1, None])
def test_a_payload_that_is_not_an_object_is_refused_not_a_crash(client, payload):
    def part(value) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    token = f"{part({'alg': 'EdDSA', 'kid': 'a#b'})}.{part(payload)}.AAAA"
    response = _post(client, credential=token)
    assert response.status_code == 200
    assert response.json()["valid"] is False


def test_deeply_nested_json_is_refused_not_a_crash(client):
    deep = '{"a":' + "[" * 9_000 + "]" * 9_000 + "}"  # within the 50,000 characters
    response = _post(client, credential=deep)
    assert response.status_code == 200
    assert response.json()["valid"] is False


def test_an_animation_is_not_decoded(client):
    frames = [Image.new("RGB", (1024, 1024), (i, 0, 0)) for i in range(8)]
    out = io.BytesIO()
    frames[0].save(out, format="PNG", save_all=True, append_images=frames[1:])
    body = _post(client, image=base64.b64encode(out.getvalue()).decode()).json()
    assert body["valid"] is False
    assert "still image" in body["checks"][0]["message"]


def test_verifications_are_limited_per_address(client, issued):
    cache.clear()
    answers = [_post(client, credential=issued.jwt).status_code for _ in range(61)]
    assert answers[:60] == [200] * 60
    refused = _post(client, credential=issued.jwt)
    assert refused.status_code == 429
    assert refused.json()["code"] == "too_many_verifications"
    cache.clear()
