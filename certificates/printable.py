"""Names the certificates print: the name the holder gave for certificates (given and
family name, ``lms.accounts.names.certificate_name``), never the display name. A person
who has not given it gets no certificate, and a name with a character no bundled font has
would print as boxes, so nothing is issued for it either; the screens say which."""

from django.utils.translation import gettext

from lms.accounts.names import certificate_name, display_name

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


def undrawable_characters(name: str) -> str:
    """The characters of ``name`` no certificate font can draw, listed for a form error."""
    return ", ".join(f"“{char}” (U+{ord(char):04X})" for char in pdf.undrawable(name))


def missing_name_message(user) -> str:
    """Why nothing is issued to ``user`` yet: they have not given the name for
    certificates. The policy is no fallback: an auditor expects the name the person
    wrote for this purpose, not a nickname."""
    return gettext(
        "%(name)s has not given the name to print on certificates yet (given and family "
        "name). Nothing was issued for this person: ask them to add it on their "
        "certificates page, or add it for them."
    ) % {"name": display_name(user)}


def name_problem(user) -> str:
    """Why no certificate can be printed for ``user`` ("" if one can)."""
    name = certificate_name(user)
    if not name:
        return missing_name_message(user)
    return unprintable_name_message(name)
