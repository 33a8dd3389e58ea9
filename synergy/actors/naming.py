"""Names compared as people mean them: "Univerza v Ljubljani", "UNIVERZA V LJUBLJANI " and
"Univerza v Ljubljani." are one organisation, and so are "Acme GmbH" and "ACME G.m.b.H.".
"""

import re

from synergy.core.search import fold

# Legal-form suffixes that differ between sources for the same organisation.
_LEGAL_FORMS = {
    "ag", "bv", "doo", "d o o", "dd", "d d", "gmbh", "g m b h", "kg", "ltd", "limited", "nv", "oy", "plc",
    "sa", "s a", "sarl", "sas", "sl", "spa", "s p a", "srl", "s r l", "spzoo", "sp z o o", "sro", "s r o",
    "ev", "e v", "ggmbh", "inc", "llc",
}  # fmt: skip
_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)


def normalise_name(name: str) -> str:
    """The name folded to lower-case ASCII words, without punctuation or a trailing legal form."""
    words = _NOT_WORD.sub(" ", fold(name or "").casefold()).split()
    text = " ".join(words)
    for form in sorted(_LEGAL_FORMS, key=len, reverse=True):
        if text.endswith(" " + form):
            text = text[: -len(form) - 1]
            break
    return text[:300]
