"""The proposal dossier as PDF (WeasyPrint).

The lab may not import ``certificates`` (dependencies point the other way), so it
keeps this small renderer of its own. Two rules:

* nothing is fetched from the network: ``safe_url_fetcher`` serves only ``data:``
  URLs and files under this app's static directory, and refuses everything else
  (a proposal's text is user input; a link in it must never make the server fetch);
* fonts come from the system through fontconfig: "Noto Sans" (Debian
  ``fonts-noto-core``, open-licensed, covers Latin and Arabic), then "DejaVu Sans";
  no font is bundled in the lab.
"""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone

STATIC_DIR = (Path(__file__).resolve().parent / "static").resolve()


class BlockedFetch(ValueError):
    """A resource the dossier may not load."""


def _safe_fetcher_class():
    from weasyprint.urls import URLFetcher

    class SafeURLFetcher(URLFetcher):
        """WeasyPrint's fetcher limited to ``data:`` URLs and this app's static files."""

        def __init__(self):
            super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file://"):
                target = Path(url.removeprefix("file://").split("?", 1)[0]).resolve()
                if target.is_relative_to(STATIC_DIR) and target.is_file():
                    return super().fetch(target.as_uri(), headers)
            raise BlockedFetch(f"Blocked fetch of {url!r} while rendering a dossier")

    return SafeURLFetcher


def safe_url_fetcher(url: str):
    """Fetch ``url`` if it is a ``data:`` URL or one of this app's static files;
    raise ``BlockedFetch`` for anything else (network, other files)."""
    return _safe_fetcher_class()()(url)


def proposal_dossier_html(*, detail) -> str:
    return render_to_string(
        "lab/pdf/proposal.html",
        {
            "proposal": detail.proposal,
            "detail": detail,
            "generated_at": timezone.now(),
            "stylesheet": (STATIC_DIR / "lab" / "dossier.css").as_uri(),
        },
    )


def proposal_dossier_pdf(*, detail, base_url: str = "") -> bytes:
    """Render the dossier of ``detail.proposal`` (a ``selectors.ProposalDetail``)."""
    from weasyprint import HTML

    html = proposal_dossier_html(detail=detail)
    # base_url is only used to resolve relative links written in the text: with the
    # fetcher above, they are printed but never loaded.
    fetcher = _safe_fetcher_class()()
    return HTML(string=html, base_url=base_url or None, url_fetcher=fetcher).write_pdf()
