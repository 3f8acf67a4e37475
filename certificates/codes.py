"""Certificate codes: 100 random bits as Crockford base32, easy to read aloud.

``7K3M-Q9TX-2HDF-W4NB-8RZC`` — five groups of four symbols; no I, L, O or U, so
nothing is mistaken for 1 or 0; typing is forgiving (lower case, spaces, I/L for 1,
O for 0).
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BITS = 100
GROUPS = 5
_TRANSLATE = str.maketrans({"I": "1", "L": "1", "O": "0"})
_CODE_RE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{20}$")


def new_code() -> str:
    """A fresh random code (100 bits from ``secrets``)."""
    value = secrets.randbits(BITS)
    symbols = []
    for _ in range(BITS // 5):
        symbols.append(ALPHABET[value & 31])
        value >>= 5
    raw = "".join(reversed(symbols))
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def normalise(text: str) -> str | None:
    """The canonical form of a typed code, or None if it cannot be a code."""
    raw = re.sub(r"[\s\-_.]", "", (text or "").upper()).translate(_TRANSLATE)
    if not _CODE_RE.match(raw):
        return None
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))
