"""The competency chart's labels fit its viewBox on a phone (issue 15, item 9): a long
label is shortened with "…" and keeps its whole text in a <title>; in Arabic the
labels start at the right edge and the bars are mirrored."""

import re

import pytest

from assessments.competencies.charts import MAX_LABEL_CHARS, WIDTH, fit_label

pytestmark = pytest.mark.usefixtures("home_page")

LONG = (
    "Facilitating a community meeting where everyone, including newcomers who are still "
    "learning Italian, gets to speak"
)


def _labels(html):
    svg = html[html.index("<svg") : html.index("</svg>")]
    # A fallback name's run: its text counts, not its markup nor its isolation marks.
    svg = re.sub(r"</?tspan[^>]*>|&#x206[679];", "", svg)
    return re.findall(r'<text x="(\d+)"[^>]*>(?:<title>([^<]*)</title>)?([^<]*)</text>', svg)


def test_fit_label_keeps_short_text_and_shortens_long_text_at_a_word():
    assert fit_label("Active listening — Proficient") == "Active listening — Proficient"
    short = fit_label(LONG)
    assert len(short) <= MAX_LABEL_CHARS and short.endswith("…")
    assert LONG.startswith(short[:-1])


@pytest.mark.parametrize(("prefix", "x"), [("/en", 8), ("/ar", WIDTH - 8)])
def test_every_label_fits_the_viewbox_with_its_full_text_in_a_title(
    tree, trainee_client, prefix, x
):
    listening = tree[2]
    for field in ("name", "name_en"):
        setattr(listening, field, LONG)
    listening.save()
    html = trainee_client.get(f"{prefix}/competencies/").content.decode()
    labels = _labels(html)
    assert labels
    for label_x, _title, text in labels:
        assert int(label_x) == x
        # ~7 units a character at 12 units: the label stays inside the 400-unit box.
        assert len(text) * 7 <= WIDTH - 16, text
    shortened = [(title, text) for _x, title, text in labels if title]
    assert len(shortened) == 1
    title, text = shortened[0]
    assert LONG in title and text.endswith("…")
    if prefix == "/ar":
        assert 'transform="translate(400 0) scale(-1 1)"' in html


@pytest.mark.parametrize("shorten", [False, True])
def test_a_name_shown_in_italian_on_the_arabic_chart_carries_its_own_lang_and_dir(
    tree, trainee_client, shorten
):
    """Issue 14: a competency without an Arabic name is drawn in Italian inside the
    right-to-left chart as a run marked lang="it", left to right, so that its
    punctuation stays in place; the level after it stays in the page's language."""
    listening = tree[2]
    listening.name = LONG if shorten else "Ascolto attivo"
    listening.name_ar = ""
    listening.save()
    area = tree[1]
    area.name_ar = "الإصغاء والحوار"
    area.save()
    html = trainee_client.get("/ar/competencies/").content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    # lang of Italian; its left-to-right run isolated (LRI … PDI: SVG has no dir).
    runs = re.findall(r'<tspan lang="(\w+)">&#x(2066|2067);([^<&]*)&#x2069;</tspan>', svg)
    assert ("it", "2066") in {(lang, way) for lang, way, _text in runs}
    text = next(text for lang, _way, text in runs if lang == "it")
    assert listening.name.startswith(text) and text
    if shorten:
        assert "…</text>" in svg  # the shortening mark is outside the Italian run
    # A name that has an Arabic text is not marked.
    assert "الإصغاء والحوار" in svg
    assert all("الإصغاء والحوار" not in text for _lang, _way, text in runs)


def test_a_translated_chart_has_no_language_runs(tree, trainee_client):
    html = trainee_client.get("/en/competencies/").content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "<tspan" not in svg
