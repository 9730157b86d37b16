"""Securing credentials as VC-JWTs (Open Badges 3.0, section 8.2): the payload is the
credential itself, with the registered claims iss (the issuer), jti (its id), nbf
(validFrom) and exp (validUntil); the header names the signing key by its DID URL."""

import hashlib
import json
import warnings
from contextlib import contextmanager

from joserfc import jws
from joserfc.errors import JoseError

from biocampus.credentials.documents import parse_time
from biocampus.credentials.keys import private_key
from biocampus.credentials.models import SigningKey

TYP = "vc+jwt"


@contextmanager
def _eddsa():
    # RFC 9864 prefers the fully specified "Ed25519" name, but Open Badges 3.0 and the
    # verifiers in use today expect "EdDSA": same key, same signature.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="EdDSA is deprecated")
        yield


def _epoch(iso_time: str) -> int:
    return int(parse_time(iso_time).timestamp())


def claims(document: dict) -> dict:
    payload = dict(document)
    payload["iss"] = document["issuer"]["id"]
    payload["jti"] = document["id"]
    payload["nbf"] = _epoch(document["validFrom"])
    if "validUntil" in document:
        payload["exp"] = _epoch(document["validUntil"])
    return payload


def sign(document: dict, key: SigningKey) -> str:
    header = {"alg": "EdDSA", "typ": TYP, "kid": f"{document['issuer']['id']}#{key.kid}"}
    payload = json.dumps(claims(document), separators=(",", ":"), ensure_ascii=False)
    with _eddsa():
        return jws.serialize_compact(
            header, payload.encode(), private_key(key), algorithms=["EdDSA"]
        )


class BadSignature(Exception):
    pass


def digest(token: str) -> str:
    return hashlib.sha256(token.strip().encode()).hexdigest()


def unverified(token: str) -> tuple[dict, dict]:
    """Header and payload, before any check: to find the issuer and key."""
    try:
        parts = jws.extract_compact(token.encode() if isinstance(token, str) else token)
        header, payload = dict(parts.protected), json.loads(parts.payload)
    except (JoseError, ValueError, TypeError, RecursionError) as exc:
        raise BadSignature(str(exc)) from exc
    if not isinstance(payload, dict):
        raise BadSignature("the payload is not a JSON object")
    return header, payload


def verified_payload(token: str, public_key) -> dict:
    try:
        with _eddsa():
            result = jws.deserialize_compact(token, public_key, algorithms=["EdDSA"])
    except (JoseError, ValueError) as exc:
        raise BadSignature(str(exc)) from exc
    return json.loads(result.payload)
