"""What a search box query means: which kinds of customer terms to look in, each with
the query written the way marts.customer_search_terms stores that kind."""

from __future__ import annotations

import re

_PHONE_OR_PASSPORT = re.compile(r"^[\d\s()+\-.]+$")


def search_terms(query: str) -> dict[str, str]:
    """{term_kind: normalised query}; empty when there is nothing to search for."""
    text = " ".join(query.lower().replace("ё", "е").split())
    if len(text) < 3:
        return {}
    if "@" in text:
        return {"email": text}
    if _PHONE_OR_PASSPORT.match(text):
        digits = re.sub(r"\D", "", text)
        if len(digits) < 4:
            return {}
        # phones are stored as 11 digits starting with 7 (+7 / 8 / bare ten digits)
        if len(digits) == 11 and digits[0] in "78":
            phone = "7" + digits[1:]
        elif len(digits) == 10:
            phone = "7" + digits
        else:
            phone = digits
        return {"phone": phone, "passport": digits}
    return {"name": text}
