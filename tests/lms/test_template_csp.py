"""The project's own templates and admin hooks need no 'unsafe-inline' (issue 13 item 12):
no ``style`` attribute and no inline ``<script>`` in any page template, and the admin
hooks add files, never inline code. (Wagtail's own admin markup still needs inline
styles and scripts, which is why /admin/ allows them; see lms/security_headers.py.)"""

import re
from pathlib import Path

import pytest
from wagtail import hooks

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ("lms", "content", "courses", "assessments", "certificates")
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.IGNORECASE
)


def _page_templates():
    for top in PROJECT:
        for path in sorted((ROOT / top).rglob("templates/**/*.html")):
            # PDFs are drawn by WeasyPrint, never served to a browser; e-mails are text.
            if "pdf" in path.parts or "email" in path.parts:
                continue
            yield path


@pytest.mark.parametrize("path", list(_page_templates()), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_inline_style_or_script_in_our_templates(path):
    text = path.read_text()
    assert not STYLE_ATTRIBUTE.search(text), "a style attribute: use a class in a CSS file"
    assert not INLINE_SCRIPT.search(text), "an inline script: use a static file"


@pytest.mark.parametrize(
    "hook",
    ["insert_global_admin_js", "insert_global_admin_css", "insert_editor_js", "insert_editor_css"],
)
def test_our_admin_hooks_add_files_not_inline_code(hook):
    for function in hooks.get_hooks(hook):
        if function.__module__.split(".")[0] not in PROJECT:
            continue
        html = str(function())
        assert not INLINE_SCRIPT.search(html) and "<style" not in html, function.__qualname__
