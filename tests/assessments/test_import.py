"""Importing question files: all or nothing, line numbers, categories, the command."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from assessments.importers import QuestionImportError
from assessments.models import Question, QuestionCategory, QuestionVersion
from assessments.services import questions_export, questions_import

pytestmark = pytest.mark.django_db

MOODLE_GIFT = """// Exported from Moodle
$CATEGORY: $course$/top/Peer coaching/Ascolto

// [tag:ascolto] [id:PC-01]
::Ascolto attivo::[html]<p>Che cosa fa chi ascolta attivamente?</p>{
=Riformula#Sì, riformulare mostra attenzione.
~Interrompe#No.
~Giudica
####Ascoltare è una competenza.
}

::Domande::Quale domanda è aperta? {
=Che cosa ti serve?
~Ti serve aiuto?
}
"""

BROKEN_GIFT = """::one::Domanda uno {=a ~b}

::two::Domanda due {=a ~b

::three::Domanda tre {1:MC:=a~b}
"""


def test_import_creates_questions_under_the_category_with_file_subcategories():
    result = questions_import(text=MOODLE_GIFT, fmt="gift", category_path="Banca/Modulo 1")
    assert [q.name for q in result.questions] == ["Ascolto attivo", "Domande"]
    question = result.questions[0]
    assert question.category.full_path == "Banca/Modulo 1/Peer coaching/Ascolto"
    assert question.text_format == "html"
    assert question.general_feedback == "Ascoltare è una competenza."
    assert question.idnumber == "PC-01"
    assert list(Question.objects.get(pk=question.pk).tags.names()) == ["ascolto"]
    answers = list(question.answers.order_by("sort_order"))
    assert [(a.text, a.fraction, a.feedback) for a in answers] == [
        ("Riformula", Decimal(1), "Sì, riformulare mostra attenzione."),
        ("Interrompe", Decimal(0), "No."),
        ("Giudica", Decimal(0), ""),
    ]
    assert question.current_version.number == 1


def test_a_malformed_file_saves_nothing_and_reports_each_line():
    questions_import(text=MOODLE_GIFT, fmt="gift", category_path="Banca")
    before = (Question.objects.count(), QuestionCategory.objects.count())
    with pytest.raises(QuestionImportError) as caught:
        questions_import(text=BROKEN_GIFT, fmt="gift", category_path="Altro/Nuovo")
    assert caught.value.messages == [
        "line 3: '{' is never closed",
        "line 5: embedded-answer (Cloze) syntax is not GIFT",
    ]
    assert (Question.objects.count(), QuestionCategory.objects.count()) == before


def test_the_command_imports_and_reports(tmp_path):
    source = tmp_path / "bank.gift"
    source.write_text(MOODLE_GIFT, encoding="utf-8")
    out = StringIO()
    call_command(
        "import_questions", str(source), "--format", "gift", "--category", "Banca", stdout=out
    )
    assert (
        out.getvalue().strip() == "Imported 2 questions into Banca: 2 new, 0 updated, 0 unchanged."
    )
    assert Question.objects.count() == 2


def test_the_command_refuses_a_bad_file_with_line_numbers_and_a_non_zero_exit(tmp_path):
    source = tmp_path / "broken.gift"
    source.write_text(BROKEN_GIFT, encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="2 problems; nothing was imported"):
        call_command(
            "import_questions", str(source), "--format", "gift", "--category", "X", stderr=err
        )
    assert err.getvalue().splitlines() == [
        f"{source}: line 3: '{{' is never closed",
        f"{source}: line 5: embedded-answer (Cloze) syntax is not GIFT",
    ]
    assert not Question.objects.exists()
    assert not QuestionCategory.objects.exists()


def test_the_command_exits_non_zero(tmp_path):
    """Run as a process would: a non-zero exit status."""
    source = tmp_path / "broken.gift"
    source.write_text(BROKEN_GIFT, encoding="utf-8")
    from assessments.management.commands.import_questions import Command

    with pytest.raises(SystemExit) as caught:
        Command().run_from_argv(
            ["manage.py", "import_questions", str(source), "--format", "gift", "--category", "X"]
        )
    assert caught.value.code == 1


def test_aiken_and_moodle_xml_import():
    aiken = "Quale città è in Puglia?\nA. Bari\nB. Torino\nANSWER: A\n"
    result = questions_import(text=aiken, fmt="aiken", category_path="Aiken")
    assert result.questions[0].qtype == "single_choice"
    xml, _skipped = questions_export(category=result.categories[0], fmt="moodlexml")
    again = questions_import(text=xml, fmt="moodlexml", category_path="Copia")
    assert again.questions[0].text == "Quale città è in Puglia?"


def test_export_then_import_gives_the_same_questions(bank, category):
    from assessments.services import category_as_parsed

    gift, skipped = questions_export(category=category, fmt="gift")
    assert skipped == []
    copy = questions_import(text=gift, fmt="gift", category_path="Copia")
    assert category_as_parsed(copy.categories[0]) == category_as_parsed(category)
    assert QuestionVersion.objects.count() == 2 * len(bank)


def test_export_command_writes_gift(bank, tmp_path):
    target = tmp_path / "out.gift"
    call_command("export_questions", "Demo/Basics", "--format", "gift", "--output", str(target))
    assert "::capital::" in target.read_text(encoding="utf-8")
    with pytest.raises(CommandError, match="No category 'Nope'"):
        call_command("export_questions", "Nope", "--format", "gift")
