"""Fonts, stylesheet and fetcher of the certificate PDFs, set up once per process.

Fonts and the stylesheet are parsed once per worker process (``_assets``); per
certificate only the layout and the font subsetting run. Subsetting is fast with
HarfBuzz (``libharfbuzz-subset0``); ``fast_subsetting_available`` says whether
WeasyPrint found it.
"""

import atexit
import functools
from pathlib import Path

from django.conf import settings

from lms.pdf import local_url_fetcher

APP_DIR = Path(__file__).resolve().parent.parent
FONT_DIR = APP_DIR / "fonts"
STYLESHEET = APP_DIR / "templates" / "certificates" / "pdf" / "certificate.css"

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


def url_fetcher():
    """The one fetcher every certificate render uses: ``data:`` URIs, the bundled fonts
    and the project's own static and media files; anything else is ``RefusedURL``."""
    return local_url_fetcher(directories=(FONT_DIR,), site_files=True)


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
