"""What a certificate page shows, as HTML, and its layout by WeasyPrint.

One document holds one page per certificate, all with the same template; the
stamping of batches (``stamping``) reuses these contexts for its shared page.
"""

import html
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.safestring import mark_safe

from ..exceptions import CertificateDoesNotFit
from .fonts import _assets, url_fetcher

TEMPLATE_NAME = "certificates/pdf/certificate.html"

# Fixed wording printed on the certificate, in the certificate's language(s).
LABELS = {
    "it": {
        "awarded": "conferito a",
        "verify": "Verifica l'autenticità su",
        "code": "Codice",
        "hours": "ore",
    },
    "en": {
        "awarded": "awarded to",
        "verify": "Check it is genuine at",
        "code": "Code",
        "hours": "hours",
    },
}


@dataclass
class CertificateData:
    """Everything printed on one certificate (from a Certificate or a preview sample)."""

    name: str
    course: str
    hours: Decimal
    issued_on: date
    competencies: list[str] = field(default_factory=list)
    code: str = "0000-0000-0000-0000-0000"
    verify_url: str = ""
    # The course's English title, for the English text ("" to use ``course``).
    course_en: str = ""


def _languages(template) -> list[str]:
    return ["it", "en"] if template.language == "both" else [template.language]


def _format_hours(hours: Decimal, lang: str) -> str:
    whole = hours == hours.to_integral_value()
    value = hours.quantize(Decimal(1) if whole else Decimal("0.1"))
    with translation.override(lang):
        return formats.number_format(value)


def format_date(day: date, lang: str) -> str:
    """'26 novembre 2026' / '26 November 2026' (Italian month names are not capitalised)."""
    with translation.override(lang):
        text = formats.date_format(day, "j F Y")
    return text.lower() if lang == "it" else text


_PLACEHOLDER_RE = re.compile(r"\{(name|course|hours|date|competencies|code)\}")


def fill_body(text: str, data: CertificateData, lang: str) -> str:
    """The template text with placeholders replaced, HTML-escaped, paragraphs kept."""
    course = (data.course_en or data.course) if lang == "en" else data.course
    with translation.override(lang):
        values = {
            "name": f'<strong class="inline-name">{html.escape(data.name)}</strong>',
            "course": f"<strong>{html.escape(course)}</strong>",
            "hours": html.escape(_format_hours(data.hours, lang)),
            "date": html.escape(format_date(data.issued_on, lang)),
            "competencies": html.escape(", ".join(data.competencies)),
            "code": html.escape(data.code),
        }
    escaped = html.escape(text)
    filled = _PLACEHOLDER_RE.sub(lambda m: values[m.group(1)], escaped)
    paragraphs = [
        p.strip().replace("\n", "<br>") for p in re.split(r"\n\s*\n", filled) if p.strip()
    ]
    return mark_safe("".join(f"<p>{p}</p>" for p in paragraphs))  # noqa: S308 (escaped above)


def _image_url(image) -> str:
    return settings.SITE_URL + image.file.url if image else ""


def _sheet(template, data: CertificateData, *, qr: bool = True) -> dict:
    """What one certificate page shows (the parts that differ between learners)."""
    languages = _languages(template)
    blocks = [
        {
            "lang": lang,
            "title": template.title_it if lang == "it" else template.title_en,
            "body": fill_body(template.body_it if lang == "it" else template.body_en, data, lang),
            "labels": LABELS[lang],
        }
        for lang in languages
    ]
    return {
        "data": data,
        "primary": blocks[0],
        "secondary": blocks[1] if len(blocks) > 1 else None,
        "issued": format_date(data.issued_on, languages[0]),
        "qr": _qr_svg(data, template.accent_colour) if qr else _NO_QR,
    }


_NO_QR = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/%3E"


def qr_code(data: CertificateData):
    """The QR code of the verification link (or the bare code when there is none)."""
    # A fixed mask skips segno's mask scoring (~10 ms); every mask gives a valid code.
    return segno.make_qr(data.verify_url or data.code, error="m", mask=2, boost_error=False)


def _qr_svg(data: CertificateData, colour: str) -> str:
    return qr_code(data).svg_data_uri(border=0, dark=colour, omitsize=True)


def certificate_context(
    template, items: list[CertificateData], *, stamp_base: bool = False
) -> dict:
    """The template context of a document with one page per item.

    ``stamp_base``: the pages without the parts that differ per learner (no QR code),
    for the shared page of a batch (see ``stamping``)."""
    sheets = [_sheet(template, data, qr=not stamp_base) for data in items]
    return {
        "template": template,
        "sheets": sheets,
        "lang": sheets[0]["primary"]["lang"],
        "title": sheets[0]["primary"]["title"],
        "background_url": _image_url(template.background),
        "funder_logo_url": _image_url(template.funder_logo),
        "logo_urls": [_image_url(logo.image) for logo in template.logos.all()],
        "signatories": [
            {
                "name": s.name,
                "role": s.role,
                "signature_url": _image_url(s.signature),
                "left": index * 66,
            }
            for index, s in enumerate(template.signatories.all())
        ],
        "orientation": template.orientation,
        "accent": template.accent_colour,
        "stamp_base": stamp_base,
    }


def certificate_html(template, items: list[CertificateData], *, stamp_base: bool = False) -> str:
    """The HTML WeasyPrint lays out: one page per certificate, same template."""
    return render_to_string(
        TEMPLATE_NAME, certificate_context(template, items, stamp_base=stamp_base)
    )


# Images (background, logos, signatures) decoded once and reused between renders.
_image_cache: dict = {}


def layout(html: str):
    """WeasyPrint's laid-out document for ``html``, with the shared fonts and stylesheet."""
    from weasyprint import HTML

    font_config, stylesheet = _assets()
    if len(_image_cache) > 200:
        _image_cache.clear()
    return HTML(string=html, base_url=settings.SITE_URL + "/", url_fetcher=url_fetcher()).render(
        stylesheets=[stylesheet], font_config=font_config, cache=_image_cache
    )


def require_one_page_each(document, count: int) -> None:
    """Refuse a template whose text pushes a certificate onto a second page."""
    if len(document.pages) != count:
        raise CertificateDoesNotFit(
            "a certificate does not fit on one page: shorten the template text"
        )


def render_each(template, items: list[CertificateData]) -> list[bytes]:
    """Every certificate laid out in full (one document, one PDF per page)."""
    document = layout(certificate_html(template, items))
    require_one_page_each(document, len(items))
    if len(items) == 1:
        return [document.write_pdf()]
    return [document.copy([page]).write_pdf() for page in document.pages]
