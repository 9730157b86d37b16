"""Issued credentials against the 1EdTech schema, and their signatures checked by a JOSE
library other than the one that signs (jwcrypto, where the product signs with joserfc)."""

import base64
import gzip
import json
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft201909Validator
from jwcrypto import jwk, jws

from biocampus.credentials.documents import issuer_profile
from biocampus.credentials.keys import key_create
from biocampus.credentials.services import credential_issue, credential_revoke
from biocampus.credentials.signing import sign
from biocampus.credentials.verify import verify_jwt
from biocampus.privacy.erasure import erase

pytestmark = pytest.mark.django_db


def _published_key(client, credential) -> jwk.JWK:
    header = json.loads(base64.urlsafe_b64decode(credential.jwt.split(".")[0] + "=="))
    did, _sep, kid = header["kid"].partition("#")
    document = client.get(f"/credentials/issuers/{credential.issuer_id}/did.json").json()
    assert document["id"] == did
    (method,) = [m for m in document["verificationMethod"] if m["id"] == header["kid"]]
    assert method["publicKeyJwk"]["kid"] == kid
    return jwk.JWK(**method["publicKeyJwk"])


def test_the_credential_is_valid_against_the_open_badges_schema(issued, credential_schema):
    Draft201909Validator.check_schema(credential_schema)
    errors = sorted(
        Draft201909Validator(credential_schema).iter_errors(issued.document),
        key=lambda e: list(e.path),
    )
    assert errors == []
    document = issued.document
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["issuer"]["id"].startswith("did:web:")
    identity = document["credentialSubject"]["identifier"][0]
    assert identity["hashed"] is True
    assert issued.learner.email not in json.dumps(document)


def test_a_schema_that_could_fail_does(issued, credential_schema):
    broken = {k: v for k, v in issued.document.items() if k != "validFrom"}
    assert list(Draft201909Validator(credential_schema).iter_errors(broken))


def test_another_jose_library_verifies_the_signature_with_the_published_key(client, issued):
    token = jws.JWS()
    token.deserialize(issued.jwt)
    token.verify(_published_key(client, issued), alg="EdDSA")
    payload = json.loads(token.payload)
    assert payload["id"] == issued.document["id"]
    assert payload["iss"] == issued.document["issuer"]["id"]
    assert token.jose_header["typ"] == "vc+jwt"


def test_a_tampered_credential_fails_both_libraries(client, issued):
    head, body, signature = issued.jwt.split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=="))
    payload["name"] = "PhD in everything"
    forged_body = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    forged = f"{head}.{forged_body}.{signature}"
    token = jws.JWS()
    token.deserialize(forged)
    with pytest.raises(jws.InvalidJWSSignature):
        token.verify(_published_key(client, issued), alg="EdDSA")
    result = verify_jwt(forged)
    assert not result.valid
    assert [c.code for c in result.checks if not c.passed] == ["signature"]


def test_a_revoked_credential_shows_as_revoked(client, issued, staff_a):
    assert verify_jwt(issued.jwt).valid
    credential_revoke(actor=staff_a, credential=issued, reason="Assessment found copied")
    result = verify_jwt(issued.jwt)
    assert not result.valid
    assert result.revoked
    said = next(c.message for c in result.checks if c.code == "status")
    assert "Revoked by the issuer on" in said
    assert "Assessment found copied" not in said  # the reason is the learner's business
    # The published list says so to anyone: decode the entry independently, as the
    # credential's own status entry describes it.
    assert published_status(client, issued) == "revoked"


def published_status(client, credential) -> str:
    entry = credential.document["credentialStatus"]
    listed = client.get(
        urlsplit(entry["statusListCredential"]).path, HTTP_ACCEPT="application/json"
    ).json()
    assert listed["credentialSubject"]["statusPurpose"] == entry["statusPurpose"] == "message"
    encoded = listed["credentialSubject"]["encodedList"][1:]
    bits = gzip.decompress(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    size, index = entry["statusSize"], int(entry["statusListIndex"])
    assert len(bits) * 8 >= 131_072 * size
    found = 0
    for position in range(index * size, index * size + size):
        found = found << 1 | bits[position // 8] >> (7 - position % 8) & 1
    return next(m["message"] for m in entry["statusMessage"] if int(m["status"], 16) == found)


def test_a_rotated_key_still_verifies_what_it_signed(client, issued, staff_a):
    key_create(actor=staff_a, issuer=issued.issuer)
    assert verify_jwt(issued.jwt).valid
    keys = client.get(f"/credentials/issuers/{issued.issuer_id}/jwks.json").json()["keys"]
    assert len(keys) == 2
    assert all("d" not in k for k in keys)  # public halves only


def test_one_credential_per_completion(issued):
    assert credential_issue(enrolment=issued.enrolment) == issued


def test_the_credential_reads_as_json_ld_or_jwt(client, issued):
    url = f"/credentials/{issued.id}/"
    assert client.get(url).json()["id"].endswith(url)
    assert client.get(url, HTTP_ACCEPT="application/vc+jwt").content.decode() == issued.jwt


def test_a_closed_account_leaves_no_copy_but_what_the_holder_carries_still_verifies(client, issued):
    token = issued.jwt
    erase(issued.learner, reason="asked")
    issued.refresh_from_db()
    assert (issued.document, issued.jwt) == ({}, "")
    assert client.get(f"/credentials/{issued.id}/").status_code == 404
    assert verify_jwt(token).valid


def test_one_operator_cannot_sign_in_anothers_name(issued, operator_b):
    """Operator A's key over a credential naming operator B as issuer: not B's key."""
    key_create(actor=None, issuer=operator_b)
    document = {**issued.document, "issuer": issuer_profile(operator_b)}
    forged = sign(document, issued.signing_key)
    result = verify_jwt(forged)
    assert not result.valid
    assert [c.code for c in result.checks] == ["signature"]
