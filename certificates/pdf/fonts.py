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

# Families in fallback order: each file covers one Unicode subset or script, so a name
# mixing scripts still finds every glyph (see fonts/README.md). Scripts other than Latin,
# Cyrillic and Arabic have one regular weight; WeasyPrint emboldens it where bold is asked.
SCRIPT_FAMILIES = (
    "'Cert Sans Arabic', 'Cert Sans Bengali', 'Cert Sans Devanagari', 'Cert Sans Gurmukhi', "
    "'Cert Sans Tamil', 'Cert Sans Sinhala', 'Cert Sans Ethiopic'"
)
SERIF_STACK = (
    "'Cert Serif', 'Cert Serif Ext', 'Cert Serif Viet', 'Cert Serif Cyrillic', "
    + SCRIPT_FAMILIES
    + ", 'Cert Sans Ext'"
)
SANS_STACK = (
    "'Cert Sans', 'Cert Sans Ext', 'Cert Sans Viet', 'Cert Sans Cyrillic', " + SCRIPT_FAMILIES
)
BOTH = (400, 700)
REGULAR = (400,)
FONT_FILES = {
    "Cert Serif": ("noto-serif-latin", BOTH),
    "Cert Serif Ext": ("noto-serif-latin-ext", BOTH),
    "Cert Serif Viet": ("noto-serif-vietnamese", BOTH),
    "Cert Serif Cyrillic": ("noto-serif-cyrillic", BOTH),
    "Cert Sans": ("noto-sans-latin", BOTH),
    "Cert Sans Ext": ("noto-sans-latin-ext", BOTH),
    "Cert Sans Viet": ("noto-sans-vietnamese", BOTH),
    "Cert Sans Cyrillic": ("noto-sans-cyrillic", BOTH),
    "Cert Sans Arabic": ("noto-sans-arabic-arabic", BOTH),
    "Cert Sans Bengali": ("noto-sans-bengali-bengali", BOTH),
    "Cert Sans Devanagari": ("noto-sans-devanagari", REGULAR),
    "Cert Sans Gurmukhi": ("noto-sans-gurmukhi", REGULAR),
    "Cert Sans Tamil": ("noto-sans-tamil", REGULAR),
    "Cert Sans Sinhala": ("noto-sans-sinhala", REGULAR),
    "Cert Sans Ethiopic": ("noto-sans-ethiopic", REGULAR),
}


def font_path(stem: str, weight: int) -> Path:
    return FONT_DIR / f"{stem}-{weight}-normal.woff"


@functools.cache
def _drawable() -> frozenset[int]:
    """Every code point some bundled font has a glyph for (their cmaps, read once)."""
    from fontTools.ttLib import TTFont

    points: set[int] = set()
    for stem, weights in FONT_FILES.values():
        with TTFont(font_path(stem, weights[0]), lazy=True) as font:
            points.update(font.getBestCmap())
    return frozenset(points)


# Marks that draw nothing on their own: joiners, variation selectors, direction marks.
_INVISIBLE = {0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF, *range(0xFE00, 0xFE10)}


def undrawable(text: str) -> list[str]:
    """The characters of ``text`` (in order, once each) that no bundled font can draw:
    a certificate would print them as boxes. Spaces and invisible marks are fine."""
    drawable = _drawable()
    missing: list[str] = []
    for char in text:
        point = ord(char)
        if char.isspace() or point in _INVISIBLE or point in drawable or char in missing:
            continue
        missing.append(char)
    return missing


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
    for family, (stem, weights) in FONT_FILES.items():
        for weight in weights:
            url = font_path(stem, weight).as_uri()
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
