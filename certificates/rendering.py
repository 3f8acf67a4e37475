"""Certificate PDFs with WeasyPrint: offline, fast, in any script.

- Rendering never reaches the network: ``LocalOnlyFetcher`` serves ``data:`` URIs,
  the bundled fonts and the project's own static and media files, and refuses
  everything else (other hosts, other schemes, other files).
- Fonts and the stylesheet are parsed once per worker process (``_assets``), and
  images are cached across renders; per certificate only the layout and the font
  subsetting run. Subsetting is fast with HarfBuzz (``libharfbuzz-subset0``);
  ``fast_subsetting_available`` says whether WeasyPrint found it.
"""

import atexit
import functools
import hashlib
import html
import mimetypes
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote, urlsplit

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.safestring import mark_safe

FONT_DIR = Path(__file__).resolve().parent / "fonts"
STYLESHEET = (
    Path(__file__).resolve().parent / "templates" / "certificates" / "pdf" / "certificate.css"
)

# Families in fallback order: each file covers one Unicode subset, so a name mixing
# scripts still finds every glyph (see fonts/README.md).
SERIF_STACK = "'Cert Serif', 'Cert Serif Ext', 'Cert Serif Viet', 'Cert Sans Arabic', 'Cert Sans Bengali', 'Cert Sans Ext'"  # noqa: E501
SANS_STACK = (
    "'Cert Sans', 'Cert Sans Ext', 'Cert Sans Viet', 'Cert Sans Arabic', 'Cert Sans Bengali'"
)
FONT_FILES = {
    "Cert Serif": "noto-serif-latin",
    "Cert Serif Ext": "noto-serif-latin-ext",
    "Cert Serif Viet": "noto-serif-vietnamese",
    "Cert Sans": "noto-sans-latin",
    "Cert Sans Ext": "noto-sans-latin-ext",
    "Cert Sans Viet": "noto-sans-vietnamese",
    "Cert Sans Arabic": "noto-sans-arabic-arabic",
    "Cert Sans Bengali": "noto-sans-bengali-bengali",
}

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

SAMPLE_NAME = "محمد الأمين"


class RefusedURL(ValueError):
    """A resource the certificate may not load."""


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


def _own_host() -> str:
    return urlsplit(settings.SITE_URL).netloc


def _local_file(url: str) -> tuple[bytes, str]:
    """The bytes and MIME type behind an allowed URL; RefusedURL for anything else."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if parts.scheme == "file":
        target = Path(path).resolve()
        if FONT_DIR in target.parents and target.is_file():
            return target.read_bytes(), "font/woff"
        raise RefusedURL(f"file outside the certificate fonts: {url}")
    if parts.scheme not in ("http", "https") or parts.netloc != _own_host():
        raise RefusedURL(f"not one of the project's own files: {url}")
    mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
    if path.startswith(settings.STATIC_URL):
        relative = path[len(settings.STATIC_URL) :]
        found = finders.find(relative) if ".." not in relative else None
        if found:
            return Path(found).read_bytes(), mime
    elif path.startswith(settings.MEDIA_URL):
        name = path[len(settings.MEDIA_URL) :]
        if ".." not in name and default_storage.exists(name):
            with default_storage.open(name, "rb") as handle:
                return handle.read(), mime
    raise RefusedURL(f"not one of the project's own files: {url}")


def _fetcher_class():
    from weasyprint import URLFetcher
    from weasyprint.urls import URLFetcherResponse

    class LocalOnlyFetcher(URLFetcher):
        """WeasyPrint fetcher that never opens a network connection."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            body, mime = _local_file(url)
            return URLFetcherResponse(url, body, {"Content-Type": mime})

    return LocalOnlyFetcher


@functools.cache
def url_fetcher():
    """The one fetcher every render uses (it keeps no per-document state)."""
    return _fetcher_class()(timeout=2, allowed_protocols={"data", "file", "http", "https"})


def fast_subsetting_available() -> bool:
    """True when WeasyPrint subsets fonts with HarfBuzz rather than fontTools."""
    from weasyprint.text import ffi

    return ffi.harfbuzz_subset is not None and bool(ffi.harfbuzz.hb_version_atleast(4, 1, 0))


def _font_faces() -> str:
    rules = []
    for family, stem in FONT_FILES.items():
        for weight in (400, 700):
            url = (FONT_DIR / f"{stem}-{weight}-normal.woff").as_uri()
            rules.append(
                f"@font-face {{ font-family: '{family}'; font-weight: {weight}; "
                f"src: url('{url}') format('woff'); }}"
            )
    return "\n".join(rules)


@functools.cache
def _assets():
    """Font configuration and stylesheet, parsed once per process."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    css = STYLESHEET.read_text(encoding="utf-8")
    css = css.replace("$SERIF", SERIF_STACK).replace("$SANS", SANS_STACK)
    stylesheet = CSS(
        string=_font_faces() + "\n" + css,
        font_config=font_config,
        url_fetcher=url_fetcher(),
        base_url=settings.SITE_URL + "/",
    )
    # Let WeasyPrint clean up its font configuration while its libraries are still loaded.
    atexit.register(_assets.cache_clear)
    return font_config, stylesheet


# Images (background, logos, signatures) decoded once and reused between renders.
_image_cache: dict = {}


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
    with translation.override(lang):
        values = {
            "name": f'<strong class="inline-name">{html.escape(data.name)}</strong>',
            "course": f"<strong>{html.escape(data.course)}</strong>",
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


def _sheet(template, data: CertificateData) -> dict:
    """What one certificate page shows (the parts that differ between learners)."""
    languages = _languages(template)
    # A fixed mask skips segno's mask scoring (~10 ms); every mask gives a valid code.
    qr = segno.make(data.verify_url or data.code, error="m", mask=2, boost_error=False)
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
        "qr": qr.png_data_uri(scale=8, border=0, dark=template.accent_colour),
    }


def certificate_html(template, items: list[CertificateData]) -> str:
    """The HTML WeasyPrint lays out: one page per certificate, same template."""
    sheets = [_sheet(template, data) for data in items]
    return render_to_string(
        "certificates/pdf/certificate.html",
        {
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
        },
    )


def render_many(template, items: list[CertificateData]) -> list[bytes]:
    """One PDF per item. Laying out many certificates in one document and writing each
    page on its own is about twice as fast per certificate as separate renders."""
    from weasyprint import HTML

    font_config, stylesheet = _assets()
    if len(_image_cache) > 200:
        _image_cache.clear()
    document = HTML(
        string=certificate_html(template, items),
        base_url=settings.SITE_URL + "/",
        url_fetcher=url_fetcher(),
    ).render(stylesheets=[stylesheet], font_config=font_config, cache=_image_cache)
    if len(document.pages) != len(items):
        raise ValueError("a certificate does not fit on one page: shorten the template text")
    if len(items) == 1:
        return [document.write_pdf()]
    return [document.copy([page]).write_pdf() for page in document.pages]


def render_pdf(template, data: CertificateData) -> bytes:
    """A one-page PDF of ``data`` laid out by ``template``."""
    return render_many(template, [data])[0]


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def sample_data() -> CertificateData:
    """The sample learner the admin preview shows."""
    return CertificateData(
        name=SAMPLE_NAME,
        course="Peer coach",
        hours=Decimal("24"),
        issued_on=date.today(),
        competencies=["Active listening", "Powerful questions"],
        code="7K3M-Q9TX-2HDF-W4NB-8RZC",
        verify_url=settings.SITE_URL + "/verify/7K3M-Q9TX-2HDF-W4NB-8RZC/",
    )


def render_sample(template) -> bytes:
    return render_pdf(template, sample_data())
