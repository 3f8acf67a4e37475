"""Funder documents of a session: the attendance register as a PDF (WeasyPrint) with
the programme's branding, the funder emblems, a signature space and the SHA-256 of
its canonical content in the footer (``courses.selectors.registers`` says exactly
what the digest covers). The PDF itself is reproducible: the same register gives the
same bytes (no creation date, a content-derived identifier)."""

from __future__ import annotations

import atexit
import functools

from django.conf import settings
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import translation
from django.utils.translation import gettext as _

from courses.selectors import register_content, register_sha256

from .pdf.fonts import SANS_STACK, _font_faces, url_fetcher


def emblem_urls() -> list[str]:
    """The funder emblems (``FUNDER_EMBLEMS``, static files) as the PDF loads them."""
    return [settings.SITE_URL + static(path) for path in settings.FUNDER_EMBLEMS]


@functools.cache
def _assets():
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    css = render_to_string("certificates/pdf/register.css", {"sans": SANS_STACK})
    stylesheet = CSS(
        string=_font_faces() + "\n" + css,
        font_config=font_config,
        url_fetcher=url_fetcher(),
        base_url=settings.SITE_URL + "/",
    )
    # Let WeasyPrint clean up its font configuration while its libraries are loaded.
    atexit.register(_assets.cache_clear)
    return font_config, stylesheet


def confirmation_text(value: str) -> str:
    """How a participant's presence was confirmed, as the register prints it."""
    if value.startswith("self "):
        return _("self-confirmed at %(time)s") % {"time": value[5:]}
    if value == "trainer":
        return _("recorded by trainer")
    return ""


STATUS_LABELS = {
    "present": lambda: _("Present"),
    "absent": lambda: _("Absent"),
    "excused": lambda: _("Excused"),
    "": lambda: _("Not recorded"),
}


def register_html(content: dict, *, language: str = "it") -> str:
    """The HTML the register PDF is laid out from."""
    with translation.override(language):
        participants = [
            {
                **p,
                "status_label": STATUS_LABELS[p["status"]](),
                "confirmation_label": confirmation_text(p["confirmation"]),
            }
            for p in content["participants"]
        ]
        return render_to_string(
            "certificates/pdf/register.html",
            {
                "c": content,
                "participants": participants,
                "digest": register_sha256(content),
                "emblems": emblem_urls(),
                "lang": language,
            },
        )


def register_pdf(session, *, language: str = "it") -> tuple[bytes, str]:
    """The register PDF of ``session`` and the SHA-256 printed in its footer."""
    from weasyprint import HTML

    content = register_content(session)
    font_config, stylesheet = _assets()
    html = HTML(
        string=register_html(content, language=language),
        base_url=settings.SITE_URL + "/",
        url_fetcher=url_fetcher(),
    )
    pdf = html.write_pdf(stylesheets=[stylesheet], font_config=font_config)
    return pdf, register_sha256(content)
