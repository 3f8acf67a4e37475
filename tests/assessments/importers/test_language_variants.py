"""Multilingual question files (issue 14): Moodle's multilang markup is split into the
question, in the source language wherever its variant stands, and its translations."""

import pytest

from assessments.importers import parse_gift
from assessments.importers.languages import language_variants_apply, variants
from assessments.models import Question
from assessments.services import questions_import
from assessments.translations import CURRENT, source_data, translated_data, translation_state

LANGUAGES = ("en", "fr", "ar")


def _span(lang, text):
    return f'<span lang="{lang}" class="multilang">{text}</span>'


def _option(lang, text):
    """A variant inside GIFT's answer block, where '=' is escaped as Moodle writes it."""
    return _span(lang, text).replace("=", "\\=")


# The Arabic and English variants come before the Italian one, and the options list the
# languages in yet another order: the Italian is still the question.
SWAPPED_GIFT = (
    "::Ascolto::[html]"
    + _span("ar", "ماذا يفعل المُصغي؟")
    + _span("en", "What does a listener do?")
    + _span("it", "Che cosa fa chi ascolta?")
    + " {\n="
    + _option("en", "Rephrases")
    + _option("it", "Riformula")
    + _option("ar", "يعيد الصياغة")
    + "#"
    + _option("fr", "Oui")
    + _option("it", "Sì")
    + "\n~"
    + _option("it", "Interrompe")
    + _option("ar", "يقاطع")
    + _option("en", "Interrupts")
    + "\n}\n\n"
    "::Semplice::Una domanda solo in italiano {=sì ~no}\n"
)


def test_the_source_variant_is_the_question_wherever_it_stands():
    first = parse_gift(SWAPPED_GIFT)[0]
    translations = language_variants_apply(first, source="it", languages=LANGUAGES)
    assert first.text == "Che cosa fa chi ascolta?"
    assert [choice.text for choice in first.choices] == ["Riformula", "Interrompe"]
    assert first.choices[0].feedback == "Sì"
    assert translations["ar"]["text"] == "ماذا يفعل المُصغي؟"
    # Each option keeps its own language's words, whatever their order in the option.
    assert translations["ar"]["answers"] == [
        {"text": "يعيد الصياغة"},
        {"text": "يقاطع"},
    ]
    assert translations["en"]["answers"][1] == {"text": "Interrupts"}
    assert translations["fr"] == {"answers": [{"feedback": "Oui"}, {}]}
    assert "multilang" not in first.text + "".join(c.text + c.feedback for c in first.choices)


def test_a_question_without_variants_is_left_alone():
    plain = parse_gift(SWAPPED_GIFT)[1]
    before = (plain.text, [c.text for c in plain.choices])
    assert language_variants_apply(plain, source="it", languages=LANGUAGES) == {}
    assert (plain.text, [c.text for c in plain.choices]) == before
    assert not plain.notes


def test_without_a_source_variant_the_first_is_used_and_a_note_says_so():
    item = parse_gift(
        r"\{mlang en\}Who listens?\{mlang\}\{mlang fr\}Qui écoute ?\{mlang\} {=a ~b}"
    )[0]
    translations = language_variants_apply(item, source="it", languages=LANGUAGES)
    assert item.text == "Who listens?"
    assert translations["fr"]["text"] == "Qui écoute ?"
    assert "no variant in" in str(item.notes[0])


def test_text_around_the_variants_is_common_to_every_language():
    text = "<p>" + _span("it", "Uno") + _span("en", "One") + " (1)</p>"
    assert variants(text) == {"it": "<p>Uno (1)</p>", "en": "<p>One (1)</p>"}
    assert variants("senza varianti") == {}


@pytest.mark.django_db
def test_importing_a_multilingual_gift_file_saves_the_translations(trainer):
    result = questions_import(fmt="gift", category_path="Lingue", text=SWAPPED_GIFT, user=trainer)
    assert "language variants found" in " ".join(str(note) for note in result.notes)
    question = Question.objects.get(name="Ascolto")
    assert question.text == "Che cosa fa chi ascolta?"
    data = source_data(question)
    made = {t.language: t for t in question.translations.all()}
    assert set(made) == {"ar", "en", "fr"}
    assert translation_state(data, made["ar"]) == CURRENT
    arabic = translated_data(data, made["ar"])
    assert arabic["text"] == "ماذا يفعل المُصغي؟"
    # Matched to the right option: the correct one stays the correct one in Arabic.
    correct = next(a for a in arabic["answers"] if float(a["fraction"]) > 0)
    assert correct["text"] == "يعيد الصياغة"
    assert made["ar"].translated_by == trainer
    assert not Question.objects.get(name="Semplice").translations.exists()
    # Importing the file again changes nothing and keeps the translations current.
    again = questions_import(fmt="gift", category_path="Lingue", text=SWAPPED_GIFT, user=trainer)
    assert len(again.unchanged) == 2
    assert (
        translation_state(source_data(question), question.translations.get(language="ar"))
        == CURRENT
    )
