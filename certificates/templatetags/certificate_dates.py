"""``{{ day|long_date }}``: "26 novembre 2026" — Italian month names are not capitalised
(Django's Italian "F" gives "Novembre"), the same wording the PDF prints."""

from django import template
from django.utils import formats, timezone, translation

register = template.Library()


@register.filter
def long_date(value, with_time: bool = False) -> str:
    if not value:
        return ""
    if hasattr(value, "tzinfo") and timezone.is_aware(value):
        value = timezone.localtime(value)
    text = formats.date_format(value, "j F Y H:i" if with_time else "j F Y")
    return text.lower() if (translation.get_language() or "").startswith("it") else text
