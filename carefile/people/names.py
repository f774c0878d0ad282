"""Name normalisation and phonetic keys, so search tolerates spelling and word order."""

import unicodedata

import jellyfish


def normalise(name: str) -> str:
    """Lower case, accents folded, apostrophes and hyphens removed: "O'Neil-Smith" → "oneilsmith"."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in folded.lower() if ch.isalnum())


def name_key(name: str) -> str:
    """A phonetic key (Metaphone) that spellings of the same name share: Stephen/Steven, Smith/Smyth."""
    plain = normalise(name)
    if not plain:
        return ""
    return jellyfish.metaphone(plain)[:20]
