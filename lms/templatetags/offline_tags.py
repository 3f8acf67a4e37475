"""The words offline.js shows, rendered by the page in the reader's language.

Counts need plural forms: for each plural category of the Unicode rules
(``Intl.PluralRules`` in the browser) the tag renders the message for a number of that
category, so the script picks the right form (Arabic has six) without a catalogue.
"""

from django import template
from django.utils import translation
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()

#: A number of each plural category (zero, one, two, few, many, other) in every site
#: language whose rules have it; gettext's formulas agree with these categories.
CATEGORY_NUMBERS = {"zero": 0, "one": 1, "two": 2, "few": 3, "many": 11, "other": 100}


def _waiting(number: int) -> str:
    return ngettext(
        "%(count)s change waiting to be sent",
        "%(count)s changes waiting to be sent",
        number,
    )


def _failed(number: int) -> str:
    return ngettext(
        "%(count)s change could not be saved:",
        "%(count)s changes could not be saved:",
        number,
    )


#: The attributes in each language, built once per process: they depend on the
#: language's catalogue alone, which a process loads once.
_BY_LANGUAGE: dict[str, str] = {}


@register.simple_tag
def offline_strings():
    """``data-*`` attributes with every message of the offline indicator and buttons."""
    language = translation.get_language()
    if language not in _BY_LANGUAGE:
        _BY_LANGUAGE[language] = _offline_strings()
    return _BY_LANGUAGE[language]


def _offline_strings():
    words = {
        "offline": _("You are offline."),
        "synced": _("Synced: your changes are saved."),
        "syncing": _("Sending your changes…"),
        "signed-out": _("Log in again to send your changes."),
        "queued-complete": _("Saved on this phone: it will be sent when you are back online."),
        "queued-journal": _(
            "Saved on this phone: your reflection will be sent when you are back online."
        ),
        "logout-offline": _(
            "You are offline. Log out when you are back online, "
            "so that your changes are sent first."
        ),
        "size": _("About %(size)s to download."),
        "saving": _("Saving… %(done)s of %(total)s"),
        "saved": _("Saved on this phone (%(size)s). Its lessons open without a connection."),
        "save-failed": _("The course could not be saved. Try again with a connection."),
        "already-saved": _("This course is saved on this phone."),
        "needs-connection": _("You need a connection to save this course."),
    }
    for category, number in CATEGORY_NUMBERS.items():
        words[f"waiting-{category}"] = _waiting(number)
        words[f"failed-{category}"] = _failed(number)
    return format_html_join(" ", 'data-{}="{}"', sorted(words.items()))
