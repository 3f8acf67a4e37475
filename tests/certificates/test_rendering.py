"""Certificate PDFs: the text a reader sees, every glyph of every script, no network."""

import dataclasses
import io
import os
import re
from datetime import date
from decimal import Decimal

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from certificates import pdf as rendering
from certificates.models import CertificateTemplate

from .conftest import SIX_NAMES


def _data(name="Amina Diallo", **kw):
    return rendering.CertificateData(
        name=name,
        course="Peer coach",
        hours=Decimal("24"),
        issued_on=date(2026, 11, 26),
        competencies=["Active listening"],
        code="7K3M-Q9TX-2HDF-W4NB-8RZC",
        verify_url="http://testserver/verify/7K3M-Q9TX-2HDF-W4NB-8RZC/",
        **kw,
    )


def _to_unicode(font) -> dict[int, str]:
    """Glyph id -> text from a font's ToUnicode CMap (bfchar and bfrange entries)."""
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    mapping = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for gid, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(gid, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for start, end, text in re.findall(
            r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            first = int.from_bytes(bytes.fromhex(text), "big")
            for offset, gid in enumerate(range(int(start, 16), int(end, 16) + 1)):
                mapping[gid] = chr(first + offset)
    return mapping


def _embedded_fonts(pdf: bytes) -> dict[str, set[str]]:
    """{font name: characters drawn with real glyphs of its embedded program}."""
    reader = PdfReader(io.BytesIO(pdf))
    fonts = {}
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            program = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
            glyphs = program.getGlyphOrder()
            chars = set()
            for gid, text in _to_unicode(font).items():
                # Glyph 0 is .notdef, the "missing glyph" box: it covers nothing.
                if gid != 0 and gid < len(glyphs) and glyphs[gid] != ".notdef":
                    chars.update(text)
            chars.update(chr(cp) for cp in program.getBestCmap() or {})
            fonts[str(font["/BaseFont"]).split("+", 1)[-1]] = chars
    return fonts


def test_pdf_text_has_name_course_and_code(cert_template):
    pdf = rendering.render_pdf(cert_template, _data())
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Amina Diallo" in text
    assert "Peer coach" in text
    assert "7K3M-Q9TX-2HDF-W4NB-8RZC" in text
    assert "24 ore" in text and "24 hours" in text


@pytest.mark.parametrize("name", SIX_NAMES)
def test_every_glyph_of_the_name_is_in_the_bundled_fonts(cert_template, name):
    """Only our bundled fonts are embedded, and together they map every letter of the name."""
    fonts = _embedded_fonts(rendering.render_pdf(cert_template, _data(name=name)))
    assert fonts and all(font.startswith("Cert-") for font in fonts), sorted(fonts)
    covered = set().union(*fonts.values())
    missing = [ch for ch in name if not ch.isspace() and ch not in covered]
    assert not missing, f"{name}: no glyph for {missing}"


@pytest.mark.parametrize("name", SIX_NAMES)
def test_bundled_font_files_cover_the_six_names(name):
    covered = set()
    for stem, _weights in rendering.FONT_FILES.values():
        covered |= set(TTFont(rendering.FONT_DIR / f"{stem}-400-normal.woff").getBestCmap())
    assert all(ord(ch) in covered for ch in name if not ch.isspace())


def test_portrait_and_single_language(cert_template):
    cert_template.orientation = CertificateTemplate.Orientation.PORTRAIT
    cert_template.language = CertificateTemplate.Language.ENGLISH
    pdf = rendering.render_pdf(cert_template, _data())
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert height > width
    text = page.extract_text()
    assert "24 hours" in text and "ore" not in text


def test_placeholders_are_escaped(cert_template):
    html = rendering.fill_body("{name} <b>x</b>", _data(name="<script>"), "en")
    assert "<script>" not in html
    assert "&lt;b&gt;" in html


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/logo.png",
        "https://127.0.0.1:8000/media/x.png",
        "file:///etc/passwd",
        "ftp://testserver/static/css/site.css",
        "http://testserver/media/../../etc/passwd",
    ],
)
def test_fetcher_refuses_anything_but_own_files(url):
    with pytest.raises(rendering.RefusedURL):
        rendering.url_fetcher().fetch(url)


def test_fetcher_serves_own_static_and_fonts():
    css = rendering.url_fetcher().fetch("http://testserver/static/css/site.css")
    assert b"--brand" in css.read()
    font = (rendering.FONT_DIR / "noto-sans-latin-400-normal.woff").as_uri()
    assert rendering.url_fetcher().fetch(font).read()[:4] == b"wOFF"


def test_remote_image_is_not_fetched(cert_template, monkeypatch):
    """A template pointing at a remote image still renders, without a network call.

    WeasyPrint catches whatever a fetch raises and carries on without the image, so an
    assertion raised inside the fetch would be swallowed: the test records every
    connection attempt and every URL asked of the fetcher, and asserts after rendering.
    """
    import socket

    connections = []

    def no_network(address, *args, **kwargs):
        connections.append(address)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    fetcher = rendering.url_fetcher()
    asked = []
    fetch = fetcher.fetch

    def recording_fetch(url, headers=None):
        asked.append(url)
        return fetch(url, headers)

    monkeypatch.setattr(fetcher, "fetch", recording_fetch)
    html = rendering.certificate_html(cert_template, [_data()])
    html = html.replace("<main", '<img src="http://example.org/tracker.png" alt=""><main')
    from weasyprint import HTML

    pdf = HTML(string=html, url_fetcher=fetcher).write_pdf()

    assert pdf.startswith(b"%PDF")
    # The image was really asked for (so the refusal was exercised)…
    assert "http://example.org/tracker.png" in asked
    # …and nothing tried to reach the network.
    assert connections == []


def test_assets_load_once_per_process():
    assert rendering._assets() is rendering._assets()


@pytest.mark.skipif(not os.environ.get("CI"), reason="the fast-path check runs in CI only")
def test_fast_font_subsetting_in_ci():
    import ctypes.util

    assert ctypes.util.find_library("harfbuzz-subset"), "install libharfbuzz-subset0"
    assert rendering.fast_subsetting_available()


def test_batch_gives_each_learner_their_own_page(cert_template):
    """A batch shares one layout of the common page, but each PDF shows only its own
    learner's name, code and link, in every script, with real glyphs."""
    codes = [f"7K3M-Q9TX-2HDF-W4NB-{i:04d}" for i in range(len(SIX_NAMES))]
    items = [
        dataclasses.replace(
            _data(name=name), code=code, verify_url=f"http://testserver/verify/{code}/"
        )
        for name, code in zip(SIX_NAMES, codes, strict=True)
    ]
    pdfs = rendering.render_many(cert_template, items)
    assert len(pdfs) == len(items)
    for item, pdf in zip(items, pdfs, strict=True):
        reader = PdfReader(io.BytesIO(pdf))
        assert len(reader.pages) == 1
        text = reader.pages[0].extract_text()
        assert item.code in text and "Peer coach" in text and "24 hours" in text
        if item.name.isascii():
            assert item.name in text
        others = [other.code for other in items if other is not item]
        assert not any(code in text for code in others)
        covered = set().union(*_embedded_fonts(pdf).values())
        assert all(ch in covered for ch in item.name if not ch.isspace()), item.name
    assert len({rendering.sha256(pdf) for pdf in pdfs}) == len(items)


def test_batch_lays_out_a_long_name_in_full(cert_template):
    """A name that wraps cannot reuse the shared layout: it is laid out on its own."""
    long_name = "Maria Giuseppina Alessandra Benedetta Della Valle Santangelo Ricciardi"
    pdfs = rendering.render_many(cert_template, [_data(), _data(name=long_name)])
    text = PdfReader(io.BytesIO(pdfs[1])).pages[0].extract_text()
    assert "Santangelo" in text and "Maria Giuseppina" in text
    assert "Amina Diallo" not in text
