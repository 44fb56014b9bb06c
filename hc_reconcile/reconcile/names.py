"""Person-name normalization for DUPLICATE_PATIENT (CONTRACT §3).

Unicode NFKD, drop combining marks, casefold, keep only letters (category L). Nothing else
is transliterated: "Élodie" and "ELODIE" both become "elodie", "Ø" becomes "ø" (not "o").
"""

from __future__ import annotations

import unicodedata


def normalize_name(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    unmarked = "".join(ch for ch in decomposed if not unicodedata.category(ch).startswith("M"))
    return "".join(ch for ch in unmarked.casefold() if unicodedata.category(ch).startswith("L"))
