"""The funder report as a file: CSV, XLSX (openpyxl) or PDF (WeasyPrint).

Each export is a frozen snapshot: the period, the scope, the definitions of every
figure and the report's checksum are printed on it, and two exports of one period
differ only in the generation time (XLSX: fixed workbook metadata and ZIP entry times;
PDF: no creation date and a fixed document identifier).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from lms.pdf import local_url_fetcher

from .chart import growth_svg
from .figures import FunderReport

FORMATS = ("xlsx", "csv", "pdf")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
# The time stamped inside the file formats' own metadata (never the real one).
FIXED_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)


def filename(report: FunderReport, fmt: str) -> str:
    scope = report.scope.territory or "programme"
    return f"funder-report-{scope}-{report.date_from}-{report.date_to}.{fmt}"


def _header(report: FunderReport, generated_at: dt.datetime) -> list[tuple[str, str]]:
    return [
        (_("Funder report"), report.scope_label),
        (_("Period"), f"{report.date_from.isoformat()} – {report.date_to.isoformat()}"),
        (_("Generated at"), generated_at.isoformat(timespec="seconds")),
        (_("Checksum (SHA-256)"), report.checksum),
    ]


def render(report: FunderReport, fmt: str, *, generated_at: dt.datetime) -> bytes:
    return {"csv": to_csv, "xlsx": to_xlsx, "pdf": to_pdf}[fmt](report, generated_at=generated_at)


def to_csv(report: FunderReport, *, generated_at: dt.datetime) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for label, value in _header(report, generated_at):
        writer.writerow([label, value])
    for table in report.tables:
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow([table.definition])
        writer.writerow(table.columns)
        writer.writerows(table.display_rows())
    writer.writerow([])
    writer.writerow([_("Definitions")])
    for label, text in report.notes():
        writer.writerow([label, text])
    # UTF-8 with BOM, so spreadsheet programs read accents.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(report: FunderReport, *, generated_at: dt.datetime) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    bold = Font(bold=True)
    definitions = workbook.active
    definitions.title = "definitions"
    for label, value in _header(report, generated_at):
        definitions.append([label, value])
    definitions.append([])
    for table in report.tables:
        definitions.append([table.title, table.definition])
    definitions.append([])
    for label, text in report.notes():
        definitions.append([label, text])
    for cell in definitions["A"]:
        cell.font = bold
    definitions.column_dimensions["A"].width = 36
    definitions.column_dimensions["B"].width = 100
    for table in report.tables:
        sheet = workbook.create_sheet(table.key)
        sheet.append([table.title])
        sheet.append([table.definition])
        sheet.append(table.columns)
        for cell in sheet[3]:
            cell.font = bold
        for row in table.rows:
            sheet.append([cell.export_value() for cell in row])
        sheet.freeze_panes = "A4"
    properties = workbook.properties
    properties.creator = "Impact LMS"
    properties.lastModifiedBy = "Impact LMS"
    properties.title = _("Funder report")
    properties.created = FIXED_TIME
    properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _fixed_zip_times(buffer.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """The same ZIP with every entry dated ``FIXED_TIME`` (openpyxl dates them now)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps "modified" with the time of saving, whatever was set.
                content = _MODIFIED.sub(
                    rb"\g<1>" + FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>",
                    content,
                )
            target.writestr(fixed, content)
    return buffer.getvalue()


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def to_pdf(report: FunderReport, *, generated_at: dt.datetime) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "reports/export.html",
        {
            "report": report,
            "header": _header(report, generated_at),
            "chart": growth_svg(report.chart),
        },
    )
    document = HTML(string=html, url_fetcher=local_url_fetcher())
    # A fixed identifier: WeasyPrint would otherwise derive one that varies per run.
    return document.write_pdf(pdf_identifier=report.checksum[:32].encode("ascii"))
