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


class _Sanitiser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.dropping = 0

    def handle_starttag(self, tag, attrs):
        if tag in DROP_CONTENT:
            self.dropping += 1
        elif not self.dropping and tag in ALLOWED_TAGS:
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


def sanitise_html(html: str) -> str:
    parser = _Sanitiser()
    parser.feed(html)
    parser.close()
    return parser.result()


def render_text(text: str, text_format: str) -> SafeString:
    """A question text as safe HTML: plain and Markdown are escaped, HTML is filtered."""
    if not text:
        return mark_safe("")  # noqa: S308 - empty string
    if text_format in {"plain", "markdown"}:
        return linebreaks(text, autoescape=True)
    if text_format == "moodle" and "<" not in text:
        return linebreaks(text, autoescape=True)
    return mark_safe(sanitise_html(text))  # noqa: S308 - filtered to an allow-list
