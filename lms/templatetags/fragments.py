"""``{% keep %}``: a rendered fragment kept in the worker's memory between requests,
under page-tree (or other) generations (issue 20; ``lms.caching.fragment``).

    {% load fragments %}
    {% keep "catalogue" "pages,sites" request.get_full_path enrolled_marks %}
      ...
    {% endkeep %}

The first argument names the fragment, the second the generations it depends on
(a quoted, comma-separated list of kinds of ``lms.caching.GENERATIONS``, checked when the
template is compiled); every further argument is part
of the key. The active language and time zone and the request's host and scheme are always
part of it. Whatever else the fragment shows must be in the key, above all anything about the
person reading (their progress, their enrolments): two people with the same key see the
same HTML. Never put a form with a CSRF token, or a message, inside. A name that is
empty (a variable the view leaves blank) renders the fragment without keeping it, and
so does a Wagtail preview (a draft, at the same address as the next one).
"""

from django import template
from django.utils import timezone, translation

from lms import caching

register = template.Library()


class KeepNode(template.Node):
    def __init__(self, nodelist, name, kinds, vary):
        self.nodelist = nodelist
        self.name = name
        self.kinds = kinds
        self.vary = vary

    def render(self, context):
        name = self.name.resolve(context)
        request = context.get("request")
        if not name or getattr(request, "is_preview", False):  # a preview shows a draft
            return self.nodelist.render(context)
        where = (request.scheme, request.get_host()) if request is not None else ()
        key = (
            str(name),
            translation.get_language(),
            timezone.get_current_timezone_name(),
            *where,
            *(str(value.resolve(context)) for value in self.vary),
        )
        # The rendered nodes are already safe (a SafeString), and kept as such.
        return caching.fragment(self.kinds, key, lambda: self.nodelist.render(context))


@register.tag("keep")
def do_keep(parser, token):
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(
            "{% keep %} takes a name, the generations and the values the fragment varies on"
        )
    nodelist = parser.parse(("endkeep",))
    parser.delete_first_token()
    name, *vary = (parser.compile_filter(bit) for bit in (bits[1], *bits[3:]))
    return KeepNode(nodelist, name, _generations(bits[2]), vary)


def _generations(bit: str) -> tuple[str, ...]:
    """The generations a ``{% keep %}`` names: a quoted, comma-separated literal, checked
    once when the template is compiled."""
    if len(bit) < 2 or bit[0] != bit[-1] or bit[0] not in "'\"":
        raise template.TemplateSyntaxError("{% keep %}: the generations must be a quoted string")
    kinds = tuple(k for k in bit[1:-1].split(",") if k)
    unknown = set(kinds) - set(caching.GENERATIONS)
    if unknown:
        raise template.TemplateSyntaxError(f"{{% keep %}}: unknown generations {unknown}")
    return kinds
