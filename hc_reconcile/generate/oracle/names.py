"""Name normalization of contract §3 (DUPLICATE_PATIENT)."""

from __future__ import annotations

import unicodedata


def normalize_name(name: str) -> str:
    """NFKD, drop combining marks, casefold, keep only letters (category L)."""
    decomposed = unicodedata.normalize("NFKD", name)
    no_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = no_marks.casefold()
    return "".join(ch for ch in folded if unicodedata.category(ch).startswith("L"))
