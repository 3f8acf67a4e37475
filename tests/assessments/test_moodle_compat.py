"""Importing what Moodle imports: ``~=``, unsupported types, re-import, encodings, empty files."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from assessments.importers import QType, QuestionImportError
from assessments.models import Question, QuestionCategory, QuestionVersion, Response
from assessments.services import attempt_start, questions_import, questions_read

from .conftest import make_quiz

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/assessments/import/"

TILDE_EQUALS = """// Exported from Moodle 4.1
::Capoluoghi::Qual è il capoluogo della Puglia? {
~=Bari#Giusto.
~Lecce
~Foggia
}

::Fiumi::Quali sono fiumi? {~%50%Po ~%50%Tevere ~=Garda}
"""

# A Moodle XML bank as Moodle 4 writes it, with types this LMS has no equivalent for.
MOODLE_BANK = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category">
    <category><text>$course$/top/Geografia</text></category>
    <info format="html"><text>Domande di geografia per il modulo 2.</text></info>
    <idnumber></idnumber>
  </question>
  <question type="multichoice">
    <name><text>Capitale</text></name>
    <questiontext format="html"><text><![CDATA[<p>La capitale d'Italia?</p>]]></text></questiontext>
    <idnumber>GEO-1</idnumber>
    <single>true</single>
    <answer fraction="100" format="html"><text>Roma</text></answer>
    <answer fraction="0" format="html"><text>Milano</text></answer>
  </question>
  <question type="calculated">
    <name><text>Area del cerchio</text></name>
    <questiontext format="html"><text>Area con r = {r}?</text></questiontext>
    <answer fraction="100"><text>{r}*{r}*3.14</text></answer>
  </question>
  <question type="multichoiceset">
    <name><text>Regioni del nord</text></name>
    <questiontext format="html"><text>Quali regioni sono al nord?</text></questiontext>
    <shuffleanswers>1</shuffleanswers>
    <answer fraction="100" format="html"><text>Piemonte</text></answer>
    <answer fraction="100" format="html"><text>Veneto</text></answer>
    <answer fraction="0" format="html"><text>Sicilia</text></answer>
  </question>
  <question type="gapselect">
    <name><text>Completa la frase</text></name>
    <questiontext format="html"><text>Roma è la [[1]] d'Italia.</text></questiontext>
    <selectoption><text>capitale</text><group>1</group></selectoption>
  </question>
  <question type="ddwtos">
    <name><text>Trascina i fiumi</text></name>
    <questiontext format="html"><text>Il [[1]] attraversa Torino.</text></questiontext>
    <dragbox><text>Po</text><group>1</group></dragbox>
  </question>
  <question type="multianswer">
    <name><text>Cloze sui laghi</text></name>
    <questiontext format="html"><text>Il lago più grande è il {1:SHORTANSWER:=Garda}.</text>
    </questiontext>
  </question>
  <question type="truefalse">
    <name><text>Alpi</text></name>
    <questiontext format="html"><text>Le Alpi sono a nord.</text></questiontext>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text></answer>
  </question>
</quiz>
"""


# --- The '~=' quirk -----------------------------------------------------------------


def test_tilde_equals_is_read_as_a_correct_answer_and_noted_by_line():
    result = questions_import(text=TILDE_EQUALS, fmt="gift", category_path="Quirk")
    capoluoghi, fiumi = result.questions
    answers = list(capoluoghi.answers.order_by("sort_order"))
    assert [(a.text, a.fraction) for a in answers] == [("Bari", 1), ("Lecce", 0), ("Foggia", 0)]
    assert [a.text for a in fiumi.answers.order_by("sort_order")] == ["Po", "Tevere", "Garda"]
    assert [str(note) for note in result.notes] == [
        "line 3: '~=' read as a correct answer, as Moodle does",
        "line 8: '~=' read as a correct answer, as Moodle does",
    ]


def test_a_really_empty_option_is_still_refused():
    with pytest.raises(QuestionImportError) as caught:
        questions_read(text="Q? {~ ~a =b}", fmt="gift")
    assert caught.value.messages == ["line 1: choice 1 has no text"]


# --- Unsupported types ----------------------------------------------------------------


def test_a_bank_with_unsupported_types_is_refused_whole_by_default():
    with pytest.raises(QuestionImportError) as caught:
        questions_import(text=MOODLE_BANK, fmt="moodlexml", category_path="Banca")
    assert caught.value.messages == [
        "line 16: question type 'calculated' is not supported",
        "line 29: question type 'gapselect' is not supported",
        "line 34: question type 'ddwtos' is not supported",
        "line 39: embedded-answer (Cloze) questions are not supported",
    ]
    assert not Question.objects.exists() and not QuestionCategory.objects.exists()


def test_skip_unsupported_imports_the_rest_and_lists_what_it_left_out():
    result = questions_import(
        text=MOODLE_BANK, fmt="moodlexml", category_path="Banca", skip_unsupported=True
    )
    assert [q.name for q in result.questions] == ["Capitale", "Regioni del nord", "Alpi"]
    assert [(p.unsupported["number"], p.unsupported["type"], p.unsupported["name"])
            for p in result.skipped] == [
        (2, "calculated", "Area del cerchio"),
        (4, "gapselect", "Completa la frase"),
        (5, "ddwtos", "Trascina i fiumi"),
        (6, "multianswer", "Cloze sui laghi"),
    ]  # fmt: skip
    geografia = QuestionCategory.objects.get(full_path="Banca/Geografia")
    assert geografia.description == "Domande di geografia per il modulo 2."
    regioni = result.questions[1]
    assert regioni.qtype == QType.MULTIPLE_RESPONSE
    assert [(a.text, a.fraction) for a in regioni.answers.order_by("sort_order")] == [
        ("Piemonte", 0.5),
        ("Veneto", 0.5),
        ("Sicilia", 0),
    ]


def test_skip_unsupported_still_refuses_a_broken_question(tmp_path):
    broken = MOODLE_BANK.replace('<answer fraction="100" format="html"><text>Roma', (
        '<answer fraction="abc" format="html"><text>Roma'))  # fmt: skip
    with pytest.raises(QuestionImportError) as caught:
        questions_import(text=broken, fmt="moodlexml", category_path="B", skip_unsupported=True)
    assert caught.value.messages == ["line 8: 'abc' is not a valid fraction"]
    assert not Question.objects.exists()


def test_the_command_skips_unsupported_questions_and_lists_them(tmp_path):
    source = tmp_path / "banca.xml"
    source.write_text(MOODLE_BANK, encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_questions", str(source), "--format", "moodlexml",
                     "--category", "Banca", stderr=StringIO())  # fmt: skip
    out = StringIO()
    call_command("import_questions", str(source), "--format", "moodlexml", "--category",
                 "Banca", "--skip-unsupported", stdout=out)  # fmt: skip
    lines = out.getvalue().splitlines()
    assert f"{source}: skipped question 2 (calculated) “Area del cerchio”, line 16" in lines
    assert f"{source}: skipped question 6 (multianswer) “Cloze sui laghi”, line 39" in lines
    assert lines[-1] == "Imported 3 questions into Banca: 3 new, 0 updated, 0 unchanged."


def test_the_admin_form_has_the_skip_checkbox(trainer_client):
    upload = SimpleUploadedFile("banca.xml", MOODLE_BANK.encode())
    response = trainer_client.post(
        IMPORT_URL,
        {"file": upload, "fmt": "moodlexml", "category": "Banca", "skip_unsupported": "on"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "“Area del cerchio”" in html and "“Cloze sui laghi”" in html
    assert not Question.objects.exists()
    response = trainer_client.post(
        IMPORT_URL,
        {
            "text": MOODLE_BANK,
            "fmt": "moodlexml",
            "category": "Banca",
            "skip_unsupported": "True",
            "confirm": "",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert Question.objects.count() == 3


# --- Re-import --------------------------------------------------------------------------


def _import(text, fmt="moodlexml"):
    return questions_import(text=text, fmt=fmt, category_path="Banca", skip_unsupported=True)


def test_importing_the_same_file_twice_changes_nothing():
    first = _import(MOODLE_BANK)
    versions = QuestionVersion.objects.count()
    second = _import(MOODLE_BANK)
    assert second.summary == "0 new, 0 updated, 3 unchanged"
    assert [q.pk for q in second.questions] == [q.pk for q in first.questions]
    assert Question.objects.count() == 3 and QuestionVersion.objects.count() == versions


def test_a_gift_file_imported_twice_changes_nothing():
    _import(TILDE_EQUALS, "gift")
    assert _import(TILDE_EQUALS, "gift").summary == "0 new, 0 updated, 2 unchanged"
    assert Question.objects.count() == 2


def test_a_changed_question_is_updated_and_answered_versions_stay_pinned(section, trainee):
    first = _import(MOODLE_BANK)
    capitale = first.questions[0]
    quiz = make_quiz(section, [capitale])
    attempt = attempt_start(quiz=quiz, user=trainee)
    answered = Response.objects.get(attempt=attempt)
    changed = MOODLE_BANK.replace("La capitale d'Italia?", "Qual è la capitale d'Italia?")
    changed = changed.replace("<text>Alpi</text>", "<text>Alpi (nuova)</text>")
    second = _import(changed)
    # Matched by ID number and updated; the one without an ID number is new.
    assert second.summary == "1 new, 1 updated, 1 unchanged"
    assert second.questions[0].pk == capitale.pk
    capitale.refresh_from_db()
    assert "Qual è la capitale" in capitale.text
    answered.refresh_from_db()
    assert "Qual è" not in answered.version.data["text"]
    assert capitale.current_version != answered.version
    assert capitale.versions.count() == 2


# --- One pass, empty files, encodings ---------------------------------------------------


def test_every_bad_question_is_reported_at_once():
    text = "::a:: A {=x ~y\n\n::b:: B {~ ~y =z}\n\n::c:: C {#abc}\n\n::d:: D {=ok ~fine}\n"
    with pytest.raises(QuestionImportError) as caught:
        questions_import(text=text, fmt="gift", category_path="X")
    assert caught.value.messages == [
        "line 1: '{' is never closed",
        "line 3: choice 1 has no text",
        "line 5: 'abc' is not a number",
    ]
    assert not QuestionCategory.objects.exists()


@pytest.mark.parametrize(
    "text",
    ["", "\n\n", "// only a comment\n", "$CATEGORY: $course$/top/Vuota\n", "<quiz></quiz>"],
)
def test_a_file_without_questions_is_refused_and_creates_nothing(text):
    fmt = "moodlexml" if text.startswith("<") else "gift"
    with pytest.raises(QuestionImportError) as caught:
        questions_import(text=text, fmt=fmt, category_path="Vuota")
    assert caught.value.messages == ["no questions found: the file holds no question to import"]
    assert not QuestionCategory.objects.exists()


def test_a_windows_1252_file_is_imported_and_the_encoding_is_named(tmp_path):
    source = tmp_path / "word.gift"
    source.write_bytes("::Perché::Qual è la città più “grande”? {=Roma ~Città}\n".encode("cp1252"))
    out, err = StringIO(), StringIO()
    call_command("import_questions", str(source), "--format", "gift", "--category", "Enc",
                 stdout=out, stderr=err)  # fmt: skip
    assert err.getvalue().strip() == f"{source}: the file is not UTF-8; it was read as Windows-1252"
    question = Question.objects.get()
    assert question.name == "Perché" and "“grande”" in question.text


def test_undecodable_bytes_are_reported_by_line_and_column(tmp_path):
    source = tmp_path / "broken.gift"
    source.write_bytes("::Uno::Città? {=sì ~no}\n\n::Due::Perch".encode() + b"\xe8? {=a ~b}\n")
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_questions", str(source), "--format", "gift", "--category", "E",
                     stderr=err)  # fmt: skip
    assert err.getvalue().splitlines() == [
        f"{source}: line 3: byte 0xE8 at column 13 cannot be read as utf-8"
    ]
    assert "Traceback" not in err.getvalue()
    assert not QuestionCategory.objects.exists()


def test_the_admin_form_names_the_assumed_encoding(trainer_client):
    upload = SimpleUploadedFile("latin.gift", "Qual è? {=sì ~no}\n".encode("cp1252"))
    response = trainer_client.post(IMPORT_URL, {"file": upload, "fmt": "gift", "category": "E"})
    assert response.status_code == 200
    assert "Windows-1252" in response.content.decode()
