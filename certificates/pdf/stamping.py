"""Batches: lay out the shared page once, stamp what differs per learner.

Within one batch most of a certificate is the same for everyone: template, course,
hours, date, competencies. WeasyPrint spends nearly all its time laying out and
writing that text, so a batch does it once. One document holds the shared page
("base": the name, code and link kept in place but not drawn, no QR code) and, for
each learner, a page with only their name, code and link at the places measured on
the base ("stamp"). Each learner's PDF is then assembled from that one document's
objects: the base page, with the learner's stamp drawn over it as a form XObject and
their QR code as vector squares. Fonts are subset once for the batch. A name that
needs more than the one line the base keeps for it is laid out in full instead.

This is the only module that reaches into WeasyPrint's and pydyf's internals (page
boxes, the PDF objects before they are written), which is why both are pinned
exactly; ``render_stamped`` is its one entry point.
"""

import contextlib
import dataclasses
import re
from dataclasses import dataclass

from django.template.loader import render_to_string

from .layout import (
    TEMPLATE_NAME,
    CertificateData,
    certificate_context,
    layout,
    qr_code,
    render_each,
    require_one_page_each,
)

__all__ = ["render_stamped"]

STAMPED = ("name", "code", "url")
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
    matrix = qr_code(data).matrix
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


def render_stamped(template, items: list[CertificateData]) -> list[bytes]:
    """One PDF per item, all sharing their course, hours, date and competencies: the
    common page is laid out once and each learner's name, code, link and QR code are
    stamped onto it. A long name (or a page the stamps do not fit) is laid out in full."""
    placeholder = dataclasses.replace(items[0], name="M")
    context = certificate_context(template, [placeholder], stamp_base=True)
    base = layout(render_to_string(TEMPLATE_NAME, context))
    require_one_page_each(base, 1)
    slots = _slots(base.pages[0])
    name_height = _name_height(base.pages[0])
    # CSS numbers, never localised ("123.25", not "123,25").
    context["slots"] = {
        name: {"x": f"{slot.x:.3f}", "y": f"{slot.y:.3f}", "width": f"{slot.width:.3f}"}
        for name, slot in slots.items()
    }
    context["stamps"] = items
    document = layout(render_to_string(TEMPLATE_NAME, context))
    if len(document.pages) != len(items) + 1 or name_height is None:
        return render_each(template, items)
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
        full = iter(render_each(template, long_names))
        results = [pdf if pdf is not None else next(full) for pdf in results]
    return results
