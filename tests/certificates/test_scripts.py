"""Names in any script: every bundled script draws its names with its own font, embedded
in the PDF; a name the fonts cannot draw stops issuing for that person, saying which
characters, on the eligibility screen and in a batch's result (never a PDF with boxes)."""

import pytest
from fontTools.ttLib import TTFont

from certificates import pdf as rendering
from certificates import services
from certificates.exceptions import NameNotPrintable
from certificates.models import Certificate
from certificates.selectors import eligibility_table
from tests.factories import TraineeFactory

from .test_rendering import _data, _embedded_fonts

# One name per script, and the bundled family that must draw it.
SCRIPT_NAMES = {
    "Amharic (Ethiopic)": ("አበበ ቢቂላ", "Cert Sans Ethiopic"),
    "Tigrinya (Ethiopic)": ("ሰላም ተኽለ", "Cert Sans Ethiopic"),
    "Devanagari": ("अनीता शर्मा", "Cert Sans Devanagari"),
    "Gurmukhi": ("ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ", "Cert Sans Gurmukhi"),
    "Bengali": ("রবীন্দ্রনাথ ঠাকুর", "Cert Sans Bengali"),
    "Tamil": ("முத்துலட்சுமி ராஜா", "Cert Sans Tamil"),
    "Sinhala": ("කුමාර සංගක්කාර", "Cert Sans Sinhala"),
    "Cyrillic": ("Анна Петрова", "Cert Serif Cyrillic"),
}
# No CJK font is bundled (see certificates/fonts/README.md): such a name is refused.
CJK_NAME = "王秀英"


@pytest.mark.parametrize("script", SCRIPT_NAMES)
def test_each_script_has_a_bundled_font_with_every_character(script):
    name, family = SCRIPT_NAMES[script]
    stem, weights = rendering.FONT_FILES[family]
    cmap = TTFont(rendering.FONT_DIR / f"{stem}-{weights[0]}-normal.woff").getBestCmap()
    assert [ch for ch in name if not ch.isspace() and ord(ch) not in cmap] == []
    assert rendering.undrawable(name) == []


@pytest.mark.parametrize("script", SCRIPT_NAMES)
def test_the_pdf_embeds_the_scripts_font_and_draws_the_name_with_it(cert_template, script):
    name, family = SCRIPT_NAMES[script]
    fonts = _embedded_fonts(rendering.render_pdf(cert_template, _data(name=name)))
    # The name is bold: WeasyPrint embeds the regular file as "<family>-Bold" if need be.
    embedded = family.replace(" ", "-")
    ours = set().union(*(chars for font, chars in fonts.items() if font.startswith(embedded)))
    letters = {ch for ch in name if not ch.isspace()}
    assert letters <= ours, (sorted(fonts), sorted(letters - ours))


def test_undrawable_names_the_missing_characters_once_each():
    assert rendering.undrawable(f"Anna {CJK_NAME} 王") == list(CJK_NAME)
    assert rendering.undrawable("Anna\u200dMaria") == []


def _named(name):
    """A trainee whose name for certificates (what is printed) is ``name``."""
    person = TraineeFactory()
    person.profile.certificate_given_name, _sp, person.profile.certificate_family_name = (
        name.partition(" ")
    )
    person.profile.save()
    return person


def test_issuing_refuses_a_name_the_fonts_cannot_draw(rule, coordinator):
    person = _named(f"Li {CJK_NAME}")
    with pytest.raises(NameNotPrintable) as refused:
        services.certificate_issue(rule=rule, user=person, issued_by=coordinator, check=False)
    message = str(refused.value)
    assert all(f"“{ch}” (U+{ord(ch):04X})" in message for ch in CJK_NAME)
    assert not Certificate.objects.filter(user=person).exists()


def test_a_batch_issues_the_others_and_lists_the_name_it_cannot_print(
    rule, coordinator, django_capture_on_commit_callbacks
):
    printable = _named(SCRIPT_NAMES["Amharic (Ethiopic)"][0])
    unprintable = _named(CJK_NAME)
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.batch_create(
            rule=rule, requested_by=coordinator, user_ids=[printable.pk, unprintable.pk]
        )
    batch.refresh_from_db()
    assert batch.issued == 1
    assert Certificate.objects.filter(user=printable).exists()
    assert not Certificate.objects.filter(user=unprintable).exists()
    (error,) = batch.errors
    assert error["user"] == unprintable.pk
    assert CJK_NAME in error["error"] and "U+738B" in error["error"]


def test_the_eligibility_screen_says_which_characters_cannot_be_printed(rule, monkeypatch):
    from certificates import learning

    person = _named(CJK_NAME)
    monkeypatch.setattr(learning, "learners", lambda course, cohort=None, **scope: [person])
    (row,) = eligibility_table(rule=rule)
    assert "U+79C0" in row.name_problem


def test_the_eligibility_page_shows_the_refusal_and_does_not_count_the_person(
    rule, coordinator_client, monkeypatch
):
    from certificates import learning

    person = _named(CJK_NAME)
    monkeypatch.setattr(learning, "learners", lambda course, cohort=None, **scope: [person])
    monkeypatch.setattr("certificates.selectors.is_eligible", lambda checks: True, raising=True)
    page = coordinator_client.get(f"/certificates/rules/{rule.pk}/").content.decode()
    assert CJK_NAME in page and "“英” (U+82F1)" in page
    # Nobody to issue to: the issue button is not offered.
    assert '<button type="submit" class="button">' not in page
