"""Small text helpers several features need."""

from __future__ import annotations

import re
import unicodedata

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def ascii_slug(text: str, max_words: int | None = None) -> str:
    """Lower-case ASCII words joined by hyphens, without diacritics: "Zgoda na udział…" ->
    "zgoda-na-udzial…", "model/teams/" -> "model-teams"; at most `max_words` words."""
    folded = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    words = [word for word in _NOT_SLUG.split(plain) if word]
    return "-".join(words[:max_words])
