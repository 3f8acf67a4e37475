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


def safe_url_fetcher(url: str, *args, **kwargs):
    """Serve ``data:`` URLs and this app's static files; refuse anything else."""
    from weasyprint.urls import default_url_fetcher

    if url.startswith("data:"):
        return default_url_fetcher(url, *args, **kwargs)
    if url.startswith("file://"):
        target = Path(url.removeprefix("file://")).resolve()
        if target.is_relative_to(STATIC_DIR) and target.is_file():
            return default_url_fetcher(target.as_uri(), *args, **kwargs)
    raise BlockedFetch(f"Blocked fetch of {url!r} while rendering a dossier")


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
    return HTML(string=html, base_url=base_url or None, url_fetcher=safe_url_fetcher).write_pdf()
