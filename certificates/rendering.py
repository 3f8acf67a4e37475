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
import contextlib
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
    # The course's English title, for the English text ("" to use ``course``).
    course_en: str = ""


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


def _qr_svg(data: CertificateData, colour: str) -> str:
    # A fixed mask skips segno's mask scoring (~10 ms); every mask gives a valid code.
    qr = segno.make_qr(data.verify_url or data.code, error="m", mask=2, boost_error=False)
    return qr.svg_data_uri(border=0, dark=colour, omitsize=True)


def _context(template, sheets: list[dict]) -> dict:
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
    }


def certificate_html(template, items: list[CertificateData], *, stamp_base: bool = False) -> str:
    """The HTML WeasyPrint lays out: one page per certificate, same template.

    ``stamp_base``: the page without the parts that differ per learner (see below)."""
    context = _context(template, [_sheet(template, data, qr=not stamp_base) for data in items])
    context["stamp_base"] = stamp_base
    return render_to_string("certificates/pdf/certificate.html", context)


def _layout(html: str):
    from weasyprint import HTML

    font_config, stylesheet = _assets()
    if len(_image_cache) > 200:
        _image_cache.clear()
    return HTML(string=html, base_url=settings.SITE_URL + "/", url_fetcher=url_fetcher()).render(
        stylesheets=[stylesheet], font_config=font_config, cache=_image_cache
    )


def _render_each(template, items: list[CertificateData]) -> list[bytes]:
    """Every certificate laid out in full (one document, one PDF per page)."""
    document = _layout(certificate_html(template, items))
    if len(document.pages) != len(items):
        raise ValueError("a certificate does not fit on one page: shorten the template text")
    if len(items) == 1:
        return [document.write_pdf()]
    return [document.copy([page]).write_pdf() for page in document.pages]


# --- Batches: lay out the shared page once, stamp what differs per learner ------------
#
# Within one batch most of a certificate is the same for everyone: template, course,
# hours, date, competencies. WeasyPrint spends nearly all its time laying out and
# writing that text, so a batch does it once. One document holds the shared page
# ("base": the name, code and link kept in place but not drawn, no QR code) and, for
# each learner, a page with only their name, code and link at the places measured on
# the base ("stamp"). Each learner's PDF is then assembled from that one document's
# objects: the base page, with the learner's stamp drawn over it as a form XObject and
# their QR code as vector squares. Fonts are subset once for the batch. A name that
# needs more than the one line the base keeps for it is laid out in full instead.

STAMPED = ("name", "code", "url")
_BATCH_VARYING_PLACEHOLDERS = ("{name}", "{code}")
_REFERENCE_RE = re.compile(rb"(\d+) 0 R")


@dataclass(frozen=True)
class _Slot:
    x: float
    y: float
    width: float
    height: float


def _boxes(page):
    stack = [page._page_box]
    while stack:
        box = stack.pop()
        yield box
        stack.extend(reversed(getattr(box, "children", None) or []))


def _slots(page) -> dict[str, _Slot]:
    """Where the base page keeps each stamped part (CSS px from the page's top left)."""
    found: dict[str, _Slot] = {}
    for box in _boxes(page):
        element = getattr(box, "element", None)
        classes = (element.get("class") or "").split() if element is not None else []
        for name in (*STAMPED, "qr"):
            if name in classes and name not in found and box.element_tag in ("p", "img"):
                inner = getattr(box, "_box", box)  # an absolute placeholder wraps its box
                found[name] = _Slot(
                    inner.content_box_x(), inner.content_box_y(), inner.width, inner.height
                )
    return found


def _name_height(page) -> float | None:
    for box in _boxes(page):
        element = getattr(box, "element", None)
        if (
            element is not None
            and box.element_tag == "p"
            and "name" in (element.get("class") or "").split()
        ):
            return box.height
    return None


def _qr_operators(data: CertificateData, slot: _Slot, page_height_pt: float, colour: str) -> bytes:
    """PDF drawing operators for the QR code: one filled path of dark squares."""
    qr = segno.make_qr(data.verify_url or data.code, error="m", mask=2, boost_error=False)
    matrix = qr.matrix
    size = len(matrix)
    module = slot.width * 0.75 / size
    left = slot.x * 0.75
    top = page_height_pt - slot.y * 0.75
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    ops = [f"q {red:.4f} {green:.4f} {blue:.4f} rg"]
    for r, row in enumerate(matrix):
        c = 0
        while c < size:
            if row[c]:
                start = c
                while c < size and row[c]:
                    c += 1
                ops.append(
                    f"{left + start * module:.3f} {top - (r + 1) * module:.3f} "
                    f"{(c - start) * module:.3f} {module:.3f} re"
                )
            else:
                c += 1
    ops.append("f Q")
    return "\n".join(ops).encode()


def _references(obj) -> set[int]:
    """Numbers of the objects ``obj``'s dictionary refers to (not inside stream data)."""
    import pydyf

    if isinstance(obj, pydyf.Stream):
        data = pydyf.Dictionary(obj.extra).data
    elif isinstance(obj, dict):
        data = obj.data
    else:
        return set()
    return {int(n) for n in _REFERENCE_RE.findall(data)}


class _Captured(Exception):
    pass


def _pdf_objects(document):
    """The pydyf PDF WeasyPrint builds for ``document``, before it is written."""
    captured = []

    def finisher(_document, pdf):
        captured.append(pdf)
        raise _Captured

    with contextlib.suppress(_Captured):
        document.write_pdf(finisher=finisher)
    return captured[0]


class _Assembler:
    """Writes one-page PDFs: the shared base page plus one learner's stamp and QR code."""

    def __init__(self, pdf):
        import pydyf

        self.pdf = pdf
        pages = [pdf.objects[n] for n in pdf.pages["Kids"][::3]]
        self.base_page = pages[0]
        self.stamp_streams = [pdf.objects[_number(p["Contents"])] for p in pages[1:]]
        self.resources_ref = self.base_page["Resources"]
        resources = pdf.objects[_number(self.resources_ref)]
        # Everything the base page needs (fonts, images, colour spaces, its content).
        shared, todo = set(), [_number(self.resources_ref), _number(self.base_page["Contents"])]
        while todo:
            number = todo.pop()
            if number not in shared:
                shared.add(number)
                todo.extend(_references(pdf.objects[number]) - shared)
        self.next_number = len(pdf.objects)
        head = [b"%PDF-1.7\n%\xf0\x9f\x96\xa4\n"]
        self.offsets: dict[int, int] = {}
        position = len(head[0])
        for number in sorted(shared):
            chunk = pdf.objects[number].indirect + b"\nendobj\n"
            self.offsets[number] = position
            head.append(chunk)
            position += len(chunk)
        self.head = b"".join(head)
        xobjects = resources.get("XObject") or {}
        if isinstance(xobjects, bytes):
            xobjects = pdf.objects[_number(xobjects)]
        self.resources = resources
        self.xobjects = dict(xobjects)
        self.info = pydyf.Dictionary(dict(pdf.info))
        self.lang = pdf.catalog.get("Lang")

    def write(self, index: int, qr_ops: bytes) -> bytes:
        import pydyf

        numbers = iter(range(self.next_number, self.next_number + 10))
        objects: list[tuple[int, bytes]] = []

        def add(obj) -> bytes:
            obj.number = next(numbers)
            objects.append((obj.number, obj.indirect + b"\nendobj\n"))
            return obj.reference

        media_box = self.base_page["MediaBox"]
        stamp = self.stamp_streams[index]
        form = pydyf.Stream(
            stamp.stream,
            {
                "Type": "/XObject",
                "Subtype": "/Form",
                "BBox": pydyf.Array(media_box),
                "Resources": self.resources_ref,
            },
            compress=True,
        )
        form_ref = add(form)
        resources = pydyf.Dictionary(dict(self.resources))
        resources["XObject"] = pydyf.Dictionary({**self.xobjects, "CertStamp": form_ref})
        resources_ref = add(resources)
        before = add(pydyf.Stream([b"q"]))
        after = add(pydyf.Stream([b"Q q /CertStamp Do Q", qr_ops], compress=True))
        pages = pydyf.Dictionary({"Type": "/Pages", "Count": 1})
        pages.number = self.next_number + 9  # known before the page that points to it
        page = pydyf.Dictionary(
            {
                "Type": "/Page",
                "Parent": pages.reference,
                "MediaBox": pydyf.Array(media_box),
                "Contents": pydyf.Array([before, self.base_page["Contents"], after]),
                "Resources": resources_ref,
            }
        )
        page_ref = add(page)
        pages["Kids"] = pydyf.Array([page_ref])
        catalog = pydyf.Dictionary({"Type": "/Catalog", "Pages": pages.reference})
        if self.lang is not None:
            catalog["Lang"] = self.lang
        catalog_ref = add(catalog)
        info_ref = add(pydyf.Dictionary(dict(self.info)))
        objects.append((pages.number, pages.indirect + b"\nendobj\n"))

        out = [self.head]
        offsets = dict(self.offsets)
        position = len(self.head)
        for number, chunk in objects:
            offsets[number] = position
            out.append(chunk)
            position += len(chunk)
        size = max(offsets) + 1
        free = [n for n in range(1, size) if n not in offsets]
        xref = [b"xref\n0 %d\n" % size]
        # Free entries form a list: each points to the next free number, the last to 0.
        links = dict(zip([0, *free], [*free, 0], strict=True))
        for number in range(size):
            if number in offsets:
                xref.append(b"%010d 00000 n \n" % offsets[number])
            else:
                xref.append(b"%010d %05d f \n" % (links[number], 65535 if number == 0 else 1))
        out.extend(xref)
        out.append(
            b"trailer\n<< /Size %d /Root %s /Info %s >>\nstartxref\n%d\n%%%%EOF\n"
            % (size, catalog_ref, info_ref, position)
        )
        return b"".join(out)


def _number(reference: bytes) -> int:
    return int(reference.split()[0])


def _group_key(data: CertificateData) -> tuple:
    """What a base page shows: certificates with the same key share one."""
    return (data.course, data.course_en, data.hours, data.issued_on, tuple(data.competencies))


def _render_stamped(template, items: list[CertificateData]) -> list[bytes]:
    first = items[0]
    placeholder = CertificateData(
        name="M",
        course=first.course,
        hours=first.hours,
        issued_on=first.issued_on,
        competencies=first.competencies,
        code=first.code,
        verify_url=first.verify_url,
        course_en=first.course_en,
    )
    context = _context(template, [_sheet(template, placeholder, qr=False)])
    context["stamp_base"] = True
    base = _layout(render_to_string("certificates/pdf/certificate.html", context))
    if len(base.pages) != 1:
        raise ValueError("a certificate does not fit on one page: shorten the template text")
    slots = _slots(base.pages[0])
    name_height = _name_height(base.pages[0])
    # CSS numbers, never localised ("123.25", not "123,25").
    context["slots"] = {
        name: {"x": f"{slot.x:.3f}", "y": f"{slot.y:.3f}", "width": f"{slot.width:.3f}"}
        for name, slot in slots.items()
    }
    context["stamps"] = items
    document = _layout(render_to_string("certificates/pdf/certificate.html", context))
    if len(document.pages) != len(items) + 1 or name_height is None:
        return _render_each(template, items)
    assembler = _Assembler(_pdf_objects(document))
    page_height = document.pages[0].height * 0.75
    results: list[bytes | None] = []
    for index, data in enumerate(items):
        height = _name_height(document.pages[index + 1])
        if height is None or abs(height - name_height) > 0.5:
            results.append(None)  # a long name: laid out in full below
            continue
        qr = _qr_operators(data, slots["qr"], page_height, template.accent_colour)
        results.append(assembler.write(index, qr))
    long_names = [items[i] for i, pdf in enumerate(results) if pdf is None]
    if long_names:
        full = iter(_render_each(template, long_names))
        results = [pdf if pdf is not None else next(full) for pdf in results]
    return results


def render_many(template, items: list[CertificateData]) -> list[bytes]:
    """One PDF per item, in order. Certificates that share their course, hours, date
    and competencies are stamped onto one shared page (much faster, same look);
    a template whose text prints the name or code lays each one out in full."""
    bodies = template.body_it + template.body_en
    if len(items) < 2 or any(p in bodies for p in _BATCH_VARYING_PLACEHOLDERS):
        return _render_each(template, items) if items else []
    groups: dict[tuple, list[int]] = {}
    for index, data in enumerate(items):
        groups.setdefault(_group_key(data), []).append(index)
    results: list[bytes] = [b""] * len(items)
    for indexes in groups.values():
        group = [items[i] for i in indexes]
        pdfs = _render_stamped(template, group) if len(group) > 1 else _render_each(template, group)
        for i, pdf in zip(indexes, pdfs, strict=True):
            results[i] = pdf
    return results


def render_pdf(template, data: CertificateData) -> bytes:
    """A one-page PDF of ``data`` laid out by ``template``."""
    return render_many(template, [data])[0]


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def sample_data() -> CertificateData:
    """The sample learner the admin preview shows."""
    return CertificateData(
        name=SAMPLE_NAME,
        course="Percorso per peer coach",
        course_en="Peer-coach path",
        hours=Decimal("24"),
        issued_on=date.today(),
        competencies=["Active listening", "Powerful questions"],
        code="7K3M-Q9TX-2HDF-W4NB-8RZC",
        verify_url=settings.SITE_URL + "/verify/7K3M-Q9TX-2HDF-W4NB-8RZC/",
    )


def render_sample(template) -> bytes:
    return render_pdf(template, sample_data())
