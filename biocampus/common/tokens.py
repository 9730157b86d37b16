"""What is stored of a secret token: its SHA-256 digest, never the token itself."""

import hashlib


def token_digest(raw: str) -> str:
    # Tokens carry at least 192 bits of randomness, so a fast hash is enough: there is
    # nothing to brute-force, and a database leak reveals no usable token.
    return hashlib.sha256(raw.encode()).hexdigest()
