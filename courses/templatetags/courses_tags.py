from django import template
from django.utils.html import format_html
from django.utils.translation import get_language_info

register = template.Library()


@register.simple_tag
def content_lang(page):
    """``lang``/``dir`` attributes for authored content, which may be in another
    language than the interface (an Italian lesson read with the Arabic interface).

    Needs ``page.locale`` loaded with the page (select_related) to stay query-free.
    """
    code = page.locale.language_code
    direction = "rtl" if get_language_info(code)["bidi"] else "ltr"
    return format_html('lang="{}" dir="{}"', code, direction)
