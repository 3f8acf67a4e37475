"""Names the certificate fonts can draw: a name with a character no bundled font has
would print as boxes, so nothing is issued for it and the screens say which characters."""

from django.utils.translation import gettext

from . import pdf


def unprintable_name_message(name: str) -> str:
    """Why ``name`` cannot go on a certificate, or "" if every character can be drawn."""
    missing = pdf.undrawable(name)
    if not missing:
        return ""
    return gettext(
        "The name “%(name)s” cannot be printed: the certificate fonts have no glyph for "
        "%(chars)s. Nothing was issued for this person; write the name in a supported "
        "script in their profile or ask the administrator to add a font."
    ) % {
        "name": name,
        "chars": ", ".join(f"“{char}” (U+{ord(char):04X})" for char in missing),
    }
