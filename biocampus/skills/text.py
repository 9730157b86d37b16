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


def search_text(labels: dict[str, str], alt_labels: dict[str, list[str]], extra=()) -> str:
    """Every label folded, one per line, without repeats; the English preferred label comes
    first so autocomplete can rank a match at its start highest."""
    texts = [labels.get("en", "")]
    texts += [label for lang, label in sorted(labels.items()) if lang != "en"]
    texts += [alt for _lang, alts in sorted(alt_labels.items()) for alt in alts]
    texts += list(extra)
    return "\n".join(dict.fromkeys(f for t in texts if (f := fold(t))))
