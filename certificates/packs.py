"""The cohort pack: one ZIP per cohort with every valid certificate PDF and a CSV index
(code, name, kind, hours, SHA-256 of each PDF), for the funder's auditor.

- **Reproducible byte for byte.** Entries are sorted by name, every entry has the same
  fixed date (1980-01-01 00:00, the ZIP epoch), permissions (``-rw-r--r--``) and
  compression, and the index has a fixed column order and untranslated headers (a
  machine-readable file: the same certificates give the same bytes whoever builds it,
  in whatever language). ``index_fingerprint`` is the SHA-256 of the index.
- **Private.** Stored under ``certificates/packs/`` (a ``PRIVATE_MEDIA_PREFIXES``
  folder), served only by ``views_packs`` after the coordinator's scope is checked.
- **Rebuilt when certificates change.** A pack remembers the fingerprint of the index
  it was built from; when the cohort's certificates change (issued, revoked,
  re-issued, renamed) the current fingerprint differs, the pack is *stale*, says so,
  and opening its page builds it again (``pack_request``).
- **In the background.** ``pack_request`` enqueues ``run_pack_build`` (django-tasks:
  at once in development and tests, ``db_worker`` in production); the page shows the
  progress saved by ``pack_build``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import tempfile
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.core.files import File
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django_tasks import task

from courses.models import Cohort, Enrollment
from lms.roles import territories_for

from .models import Certificate, CohortPack

#: Every entry's date: the earliest a ZIP can hold, the same for every build.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
#: Regular file, ``-rw-r--r--``, as written on Unix (``create_system`` 3).
ZIP_FILE_MODE = 0o100644
INDEX_NAME = "index.csv"
INDEX_COLUMNS = [
    "code",
    "name",
    "kind",
    "hours",
    "sha256",
    "file",
    "course",
    "version",
    "issued_on",
]
#: How often the progress is saved while packing.
PROGRESS_EVERY = 10


class PackError(Exception):
    """A pack cannot be built (a certificate's PDF is missing or does not match its hash)."""


def cohorts_for_packs(user) -> QuerySet[Cohort]:
    """The cohorts whose pack ``user`` may build and download: those of their territories
    (``lms.roles.territories_for``; every cohort for a programme coordinator)."""
    territories = territories_for(user)
    cohorts = Cohort.objects.order_by("name")
    return cohorts if territories is None else cohorts.filter(territory__in=territories)


def cohort_certificates(cohort: Cohort) -> list[Certificate]:
    """The valid certificates of ``cohort``'s people for the courses they follow in it
    (any language version of the rule's course), in the index's order. One query."""
    in_cohort = Enrollment.objects.filter(
        cohort=cohort,
        user=OuterRef("user"),
        course__translation_key=OuterRef("rule__course__translation_key"),
    )
    certificates = Certificate.objects.filter(Exists(in_cohort), state=Certificate.State.VALID)
    return sorted(
        certificates,
        key=lambda c: (c.holder_name.casefold(), c.holder_name, _kind(c), c.code),
    )


def _kind(certificate: Certificate) -> str:
    """``completion`` or ``attendance`` (the attestato di frequenza), as in the index."""
    return certificate.kind


def _file_name(certificate: Certificate) -> str:
    return f"certificates/{certificate.code}-{_kind(certificate)}.pdf"


def _hours(certificate: Certificate) -> str:
    return str(Decimal(certificate.hours).quantize(Decimal("0.1")))


def _row(certificate: Certificate, digest: str) -> list[str]:
    return [
        certificate.code,
        certificate.holder_name,
        _kind(certificate),
        _hours(certificate),
        digest,
        _file_name(certificate),
        certificate.course_title,
        str(certificate.version),
        certificate.issued_on.isoformat(),
    ]


def index_csv(rows: list[list[str]]) -> bytes:
    """The index: UTF-8 with a BOM (spreadsheets read the names right), CRLF lines."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(INDEX_COLUMNS)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def index_fingerprint(certificates: list[Certificate]) -> str:
    """The SHA-256 of the index these certificates give (from their stored PDF hashes):
    equal to a pack's ``fingerprint`` exactly when the pack is up to date."""
    rows = [_row(c, c.pdf_sha256) for c in certificates]
    return hashlib.sha256(index_csv(rows)).hexdigest()


def _entry(name: str, compress_type: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = compress_type
    info.create_system = 3
    info.external_attr = ZIP_FILE_MODE << 16
    return info


def write_zip(target, certificates: list[Certificate], progress=None) -> list[list[str]]:
    """Write the pack of ``certificates`` into the binary file ``target``; return the
    index rows. Each PDF is read once, its SHA-256 checked against the one stored at
    issue, and stored uncompressed (a PDF is compressed already); the index is deflated.
    Raises PackError naming the certificate whose PDF is missing or altered."""
    rows = []
    with zipfile.ZipFile(target, "w") as archive:
        # Sorted entries: "certificates/…" sorts before "index.csv".
        for done, certificate in enumerate(sorted(certificates, key=_file_name), start=1):
            if not certificate.pdf:
                raise PackError(
                    gettext("The certificate %(code)s has no PDF.") % {"code": certificate.code}
                )
            with certificate.pdf.open("rb") as handle:
                content = handle.read()
            digest = hashlib.sha256(content).hexdigest()
            if certificate.pdf_sha256 and digest != certificate.pdf_sha256:
                raise PackError(
                    gettext(
                        "The PDF of the certificate %(code)s does not match the SHA-256 "
                        "recorded when it was issued."
                    )
                    % {"code": certificate.code}
                )
            archive.writestr(_entry(_file_name(certificate), zipfile.ZIP_STORED), content)
            rows.append((certificate, digest))
            if progress and (done % PROGRESS_EVERY == 0):
                progress(done)
        order = {c.pk: n for n, c in enumerate(certificates)}
        index_rows = [_row(c, d) for c, d in sorted(rows, key=lambda r: order[r[0].pk])]
        info = _entry(INDEX_NAME, zipfile.ZIP_DEFLATED)
        archive.writestr(info, index_csv(index_rows), compresslevel=9)
    return index_rows


def zip_bytes(certificates: list[Certificate]) -> bytes:
    """The pack of ``certificates`` in memory (tests, small cohorts)."""
    buffer = io.BytesIO()
    write_zip(buffer, certificates)
    return buffer.getvalue()


@dataclass
class PackState:
    """What the pack page shows: the pack (or None), and whether it is out of date."""

    cohort: Cohort
    pack: CohortPack | None
    count: int
    fingerprint: str

    @property
    def building(self) -> bool:
        return self.pack is not None and self.pack.status in (
            CohortPack.Status.QUEUED,
            CohortPack.Status.RUNNING,
        )

    @property
    def stale(self) -> bool:
        """Built, but the cohort's certificates changed since."""
        return (
            self.pack is not None
            and self.pack.status == CohortPack.Status.DONE
            and self.pack.fingerprint != self.fingerprint
        )

    @property
    def ready(self) -> bool:
        return (
            self.pack is not None
            and self.pack.status == CohortPack.Status.DONE
            and bool(self.pack.file)
            and not self.stale
        )


def pack_state(cohort: Cohort) -> PackState:
    """The cohort's pack and whether it matches the certificates now (two queries)."""
    certificates = cohort_certificates(cohort)
    pack = CohortPack.objects.filter(cohort=cohort).first()
    return PackState(cohort, pack, len(certificates), index_fingerprint(certificates))


def _queue(cohort: Cohort, requested_by) -> tuple[CohortPack, bool]:
    pack = CohortPack.objects.select_for_update().filter(cohort=cohort).first()
    if pack is not None and pack.status in (CohortPack.Status.QUEUED, CohortPack.Status.RUNNING):
        return pack, False
    if pack is None:
        pack = CohortPack(cohort=cohort)
    pack.status = CohortPack.Status.QUEUED
    pack.requested_by = requested_by
    pack.requested_at = timezone.now()
    pack.total = len(cohort_certificates(cohort))
    pack.processed = 0
    pack.error = ""
    pack.save()
    return pack, True


@transaction.atomic
def pack_request(*, cohort: Cohort, requested_by) -> CohortPack:
    """Queue a (re)build of ``cohort``'s pack and start the job once this commits; a
    build already queued or running is left to finish (nothing is queued twice)."""
    pack, queued = _queue(cohort, requested_by)
    if queued:
        transaction.on_commit(lambda: run_pack_build.enqueue(pack.pk))
    return pack


@transaction.atomic
def pack_build_now(*, cohort: Cohort, requested_by) -> CohortPack:
    """Build ``cohort``'s pack in this process (the demo loader): nothing is done when
    the pack is ready and up to date."""
    if pack_state(cohort).ready:
        return CohortPack.objects.get(cohort=cohort)
    pack, _queued = _queue(cohort, requested_by)
    return pack_build(pack.pk)


def pack_build(pack_id: int) -> CohortPack:
    """Build the pack: read the cohort's certificates now, write the ZIP to a temporary
    file, store it privately with its SHA-256, and record the index's fingerprint. The
    previous file is deleted once the new one is saved."""
    pack = CohortPack.objects.select_related("cohort").get(pk=pack_id)
    pack.status = CohortPack.Status.RUNNING
    certificates = cohort_certificates(pack.cohort)
    pack.total, pack.processed = len(certificates), 0
    pack.save(update_fields=["status", "total", "processed"])

    def progress(done: int) -> None:
        CohortPack.objects.filter(pk=pack.pk).update(processed=done)

    old_name = pack.file.name if pack.file else ""
    try:
        with tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024) as handle:
            rows = write_zip(handle, certificates, progress)
            size = handle.tell()
            handle.seek(0)
            hasher = hashlib.sha256()
            while chunk := handle.read(1024 * 1024):
                hasher.update(chunk)
            digest = hasher.hexdigest()
            handle.seek(0)
            name = f"cohort-{pack.cohort_id}-{digest[:16]}.zip"
            if old_name.endswith("/" + name) and pack.file.storage.exists(old_name):
                old_name = ""  # the same bytes are stored already
            else:
                pack.file.save(name, File(handle), save=False)
    except PackError as error:
        pack.status, pack.error = CohortPack.Status.FAILED, str(error)
        pack.finished_at = timezone.now()
        pack.save()
        return pack
    pack.fingerprint = hashlib.sha256(index_csv(rows)).hexdigest()
    pack.codes = [row[0] for row in rows]
    pack.sha256, pack.size = digest, size
    pack.processed = len(certificates)
    pack.status = CohortPack.Status.DONE
    pack.finished_at = timezone.now()
    pack.save()
    if old_name and old_name != pack.file.name:
        pack.file.storage.delete(old_name)
    return pack


@task()
def run_pack_build(pack_id: int) -> None:
    """The background job behind ``pack_request``: a thin wrapper, so ``pack_build``
    stays a plain function that tests and the demo call directly."""
    pack_build(pack_id)


def packs_discard_for(codes) -> int:
    """Delete the packs that hold any of ``codes`` (their holder is being erased: the
    PDFs in them print the name). The next visit to the pack page builds it again,
    with the certificates re-made under the pseudonym."""
    wanted = set(codes)
    if not wanted:
        return 0
    discarded = 0
    for pack in CohortPack.objects.exclude(codes=[]):
        if wanted.intersection(pack.codes):
            name, storage = pack.file.name, pack.file.storage
            pack.delete()
            if name:
                transaction.on_commit(lambda n=name, s=storage: s.delete(n))
            discarded += 1
    return discarded
