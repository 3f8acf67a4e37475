"""Showing question texts safely: imported HTML is reduced to a small set of tags."""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "sub", "sup", "ul", "ol", "li",
    "code", "pre", "blockquote", "span", "div", "h3", "h4", "table", "thead",
    "tbody", "tr", "th", "td",
}  # fmt: skip
VOID_TAGS = {"br"}
DROP_CONTENT = {"script", "style", "iframe", "object", "embed", "template"}


INLINE_TAGS = {"strong", "b", "em", "i", "u", "sub", "sup", "code", "span", "br"}


class _Sanitiser(HTMLParser):
    def __init__(self, allowed=frozenset(ALLOWED_TAGS)):
        super().__init__(convert_charrefs=True)
        self.allowed = allowed
        self.out: list[str] = []
        self.open: list[str] = []
        self.dropping = 0

    def handle_starttag(self, tag, attrs):
        if tag in DROP_CONTENT:
            self.dropping += 1
        elif not self.dropping and tag in self.allowed:
            self.out.append(f"<{tag}>")
            if tag not in VOID_TAGS:
                self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        if not self.dropping and tag in VOID_TAGS:
            self.out.append(f"<{tag}>")

    def handle_endtag(self, tag):
        if tag in DROP_CONTENT:
            self.dropping = max(0, self.dropping - 1)
        elif not self.dropping and tag in self.open:
            while self.open:
                last = self.open.pop()
                self.out.append(f"</{last}>")
                if last == tag:
                    break

    def handle_data(self, data):
        if not self.dropping:
            self.out.append(escape(data, quote=False))

    def result(self) -> str:
        return "".join(self.out) + "".join(f"</{tag}>" for tag in reversed(self.open))


def sanitise_html(html: str, allowed=frozenset(ALLOWED_TAGS)) -> str:
    """``html`` with only ``allowed`` tags (no attributes); scripts and styles dropped."""
    parser = _Sanitiser(allowed)
    parser.feed(html)
    parser.close()
    return parser.result()


def render_text(text: str, text_format: str) -> SafeString:
    """A question text as safe HTML: plain and Markdown are escaped, HTML is filtered."""
    if not text:
        return mark_safe("")  # noqa: S308 - empty string
    if text_format in {"plain", "markdown"} or (text_format == "moodle" and "<" not in text):
        return mark_safe(linebreaks(text, autoescape=True))  # noqa: S308 - escaped
    return mark_safe(sanitise_html(text))  # noqa: S308 - filtered to an allow-list


def render_inline(text: str, text_format: str) -> SafeString:
    """A short text (an option label) as safe inline HTML: no paragraphs or lists."""
    if text_format in {"plain", "markdown"} or "<" not in text:
        return mark_safe(escape(text, quote=False).replace("\n", "<br>"))  # noqa: S308
    return mark_safe(sanitise_html(text, frozenset(INLINE_TAGS)).strip())  # noqa: S308
