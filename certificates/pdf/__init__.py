"""Certificate PDFs with WeasyPrint: offline, fast, in any script.

- Rendering never reaches the network: the fetcher (``lms.pdf``) serves ``data:``
  URIs, the bundled fonts and the project's own static and media files, and refuses
  everything else (``RefusedURL``).
- ``fonts``: font stacks, the stylesheet and the fetcher, parsed once per process;
  images are cached across renders, so per certificate only the layout and the font
  subsetting run.
- ``layout``: what a page shows (``CertificateData``, the template's text filled in)
  and its layout, one page per certificate.
- ``stamping``: batches laid out once and stamped per learner, the one place that
  uses WeasyPrint's and pydyf's internals (``render_stamped``).
- ``render``: the entry points, ``render_pdf``, ``render_many``, ``render_sample``.
"""

from lms.pdf import RefusedURL

from .fonts import (
    FONT_DIR,
    FONT_FILES,
    _assets,
    fast_subsetting_available,
    undrawable,
    url_fetcher,
)
from .layout import CertificateData, certificate_html, fill_body, format_date
from .render import SAMPLE_NAME, render_many, render_pdf, render_sample, sample_data, sha256

__all__ = [
    "FONT_DIR",
    "FONT_FILES",
    "SAMPLE_NAME",
    "CertificateData",
    "RefusedURL",
    "_assets",  # the per-process parse, for the benchmarks and its test
    "certificate_html",
    "fast_subsetting_available",
    "fill_body",
    "format_date",
    "render_many",
    "render_pdf",
    "render_sample",
    "sample_data",
    "sha256",
    "undrawable",
    "url_fetcher",
]
