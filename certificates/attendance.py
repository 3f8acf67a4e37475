"""The attestato di frequenza (certificate of attendance): a one-page WeasyPrint PDF
with the programme's branding as the attendance register prints it (programme name,
project code, funder emblems: ``certificates.registers``), the holder, the course,
the workshop hours of the attendance ledger at issue time and, apart, the tracked
online learning time. Everything printed comes from the frozen ``Certificate`` record,
so rendering it again (an erasure, a re-issue) prints the same hours."""

from __future__ import annotations

import atexit
import functools
from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string

from .pdf.fonts import SANS_STACK, SERIF_STACK, _font_faces, url_fetcher
from .pdf.layout import _format_hours, format_date, qr_code
from .registers import emblem_urls

# Fixed wording, in the certificate's language(s) (the rule template's ``language``).
WORDING = {
    "it": {
        "title": "Attestato di frequenza",
        "intro": "Si attesta che",
        "attended": "ha frequentato il percorso",
        "workshop": "Ore di laboratorio frequentate (dal registro presenze)",
        "online": (
            "Tempo di apprendimento online registrato "
            "(a parte, non incluso nelle ore di laboratorio)"
        ),
        "hours": "ore",
        "project": "Codice progetto",
        "issued": "Rilasciato il",
        "code": "Codice",
        "verify": "Verifica l'autenticità su",
    },
    "en": {
        "title": "Certificate of attendance",
        "intro": "This is to certify that",
        "attended": "attended the course",
        "workshop": "Workshop hours attended (from the attendance register)",
        "online": "Tracked online learning time (separate, not part of the workshop hours)",
        "hours": "hours",
        "project": "Project code",
        "issued": "Issued on",
        "code": "Code",
        "verify": "Check it is genuine at",
    },
}


def _languages(language: str) -> list[str]:
    return ["it", "en"] if language == "both" else [language if language in WORDING else "it"]


@functools.cache
def _assets():
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    css = render_to_string(
        "certificates/pdf/attendance.css", {"sans": SANS_STACK, "serif": SERIF_STACK}
    )
    stylesheet = CSS(
        string=_font_faces() + "\n" + css,
        font_config=font_config,
        url_fetcher=url_fetcher(),
        base_url=settings.SITE_URL + "/",
    )
    # Let WeasyPrint clean up its font configuration while its libraries are loaded.
    atexit.register(_assets.cache_clear)
    return font_config, stylesheet


def attendance_html(certificate) -> str:
    """The HTML the attestato is laid out from (``certificate``: a Certificate record)."""
    languages = _languages(certificate.language)
    blocks = []
    for lang in languages:
        course = certificate.course_title
        if lang == "en" and certificate.course_title_en:
            course = certificate.course_title_en
        blocks.append(
            {
                "lang": lang,
                "w": WORDING[lang],
                "course": course,
                "workshop_hours": _format_hours(Decimal(certificate.hours), lang),
                "online_hours": _format_hours(Decimal(certificate.online_hours), lang),
                "issued": format_date(certificate.issued_on, lang),
            }
        )
    qr = qr_code(certificate).svg_data_uri(border=0, dark="#1d4e89", omitsize=True)
    return render_to_string(
        "certificates/pdf/attendance.html",
        {
            "c": certificate,
            "blocks": blocks,
            "primary": blocks[0],
            "programme": settings.PROGRAMME_NAME,
            "project_code": settings.PROJECT_CODE,
            "emblems": emblem_urls(),
            "qr": qr,
        },
    )


def attendance_pdf(certificate) -> bytes:
    """The attestato di frequenza of ``certificate`` as PDF bytes (one A4 page)."""
    from weasyprint import HTML

    font_config, stylesheet = _assets()
    html = HTML(
        string=attendance_html(certificate),
        base_url=settings.SITE_URL + "/",
        url_fetcher=url_fetcher(),
    )
    return html.write_pdf(stylesheets=[stylesheet], font_config=font_config)
