"""The entry points: one certificate's PDF, a batch of them, the admin's sample."""

import hashlib
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from .layout import CertificateData, render_each
from .stamping import render_stamped

SAMPLE_NAME = "محمد الأمين"

# Placeholders in a template's text that differ per learner: such a text cannot be
# laid out once for the whole batch.
_BATCH_VARYING_PLACEHOLDERS = ("{name}", "{code}")


def _group_key(data: CertificateData) -> tuple:
    """What a base page shows: certificates with the same key share one."""
    return (data.course, data.course_en, data.hours, data.issued_on, tuple(data.competencies))


def render_many(template, items: list[CertificateData]) -> list[bytes]:
    """One PDF per item, in order. Certificates that share their course, hours, date
    and competencies are stamped onto one shared page (much faster, same look);
    a template whose text prints the name or code lays each one out in full."""
    bodies = template.body_it + template.body_en
    if len(items) < 2 or any(p in bodies for p in _BATCH_VARYING_PLACEHOLDERS):
        return render_each(template, items) if items else []
    groups: dict[tuple, list[int]] = {}
    for index, data in enumerate(items):
        groups.setdefault(_group_key(data), []).append(index)
    results: list[bytes] = [b""] * len(items)
    for indexes in groups.values():
        group = [items[i] for i in indexes]
        pdfs = render_stamped(template, group) if len(group) > 1 else render_each(template, group)
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
        issued_on=timezone.localdate(),
        competencies=["Active listening", "Powerful questions"],
        code="7K3M-Q9TX-2HDF-W4NB-8RZC",
        verify_url=settings.SITE_URL + "/verify/7K3M-Q9TX-2HDF-W4NB-8RZC/",
    )


def render_sample(template) -> bytes:
    return render_pdf(template, sample_data())
