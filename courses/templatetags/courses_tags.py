from django import template

from lms.i18n import lang_attrs, page_language

register = template.Library()


@register.simple_tag
def content_lang(page):
    """``lang``/``dir`` attributes for authored content, which may be in another
    language than the interface (an Italian lesson read with the Arabic interface).

    Query-free: the page's language comes from its locale id (see ``lms.i18n``).
    """
    if page is None:
        return ""
    return lang_attrs(page_language(page))
