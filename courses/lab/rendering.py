"""The proposal dossier as PDF (WeasyPrint).

The lab may not import ``certificates`` (dependencies point the other way), so it
keeps this small renderer of its own. Two rules:

* nothing is fetched from the network: the project's one fetcher (``lms.pdf``) serves
  only ``data:`` URLs and files under this app's static directory, and refuses
  everything else (a proposal's text is user input; a link in it must never make
  the server fetch);
* fonts come from the system through fontconfig: "Noto Sans" (Debian
  ``fonts-noto-core``, open-licensed, covers Latin and Arabic), then "DejaVu Sans";
  no font is bundled in the lab.
"""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone

from lms.pdf import RefusedURL, local_url_fetcher

__all__ = ["RefusedURL", "proposal_dossier_html", "proposal_dossier_pdf", "url_fetcher"]

STATIC_DIR = (Path(__file__).resolve().parent / "static").resolve()


def url_fetcher():
    """The dossier's fetcher: ``data:`` URLs and this app's static files, nothing else
    (``RefusedURL`` for the network and any other file)."""
    return local_url_fetcher(directories=(STATIC_DIR,))


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
    return HTML(string=html, base_url=base_url or None, url_fetcher=url_fetcher()).write_pdf()
