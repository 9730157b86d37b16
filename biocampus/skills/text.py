"""Text folding shared by search, import and extraction: case- and accent-insensitive."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower case, accents removed, whitespace collapsed.

    >>> fold("Électrophorèse  SDS")
    'electrophorese sds'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", stripped.casefold()).strip()
