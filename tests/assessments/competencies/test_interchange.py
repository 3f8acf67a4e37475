"""Moodle competency CSV and CASE JSON: round trips, Moodle's own files, bad files."""

import json
import uuid

import pytest
from django.core.management import CommandError, call_command

from assessments.competencies.exceptions import InterchangeError
from assessments.competencies.interchange import (
    export_text,
    framework_export,
    import_text,
    moodle_csv,
)
from assessments.models import Competency, CompetencyFramework, RuleType

from .factories import make_competency

# A file as Moodle 4.x's tool_lpimportcsv exports it (framework row first, Moodle's
# own rule class, "null" rule config, %2C-escaped related ID numbers).
MOODLE_EXPORT = (
    '"Parent ID number","ID number","Short name",Description,"Description format",'
    '"Scale values","Scale configuration","Rule type (optional)","Rule outcome (optional)",'
    '"Rule config (optional)","Cross-referenced competency ID numbers",'
    '"Exported ID (optional)","Is framework",Taxonomy\n'
    ',DIGCOMP,"Digital competences","<p>EU framework</p>",1,"Not yet competent,Competent",'
    '"[{""scaleid"":""2""},{""id"":1,""scaledefault"":1,""proficient"":0},'
    '{""id"":2,""scaledefault"":0,""proficient"":1}]",,,,,,1,"domain,competency"\n'
    ',D1,"Information and data literacy",,1,,,core_competency\\competency_rule_all,3,null,,'
    "11,,\n"
    'D1,D1.1,"Browsing, searching and filtering",,1,,,,0,null,"D1.2",12,,\n'
    'D1,D1.2,"Evaluating data",,1,,,,0,null,"D1.1",13,,\n'
)


def _roundtrip_equal(framework, fmt):
    before = framework_export(framework)
    text = export_text(framework, fmt)
    framework.delete()
    imported = import_text(text, fmt)
    after = framework_export(imported)
    return before, after, text


@pytest.mark.parametrize("fmt", ["moodle-csv", "case"])
def test_export_then_import_gives_the_same_framework(tree, fmt):
    framework, area, listening, questions, feedback = tree
    listening.related.add(feedback)
    area.description = "Descrizione, con virgole e\nun a capo"
    area.description_en = "Description"
    area.save()
    before, after, _text = _roundtrip_equal(framework, fmt)
    assert after == before
    assert [c.idnumber for c in after.competencies] == ["A", "A1", "A2", "A3"]
    assert after.competencies[1].related == ["A3"]
    assert after.competencies[2].rule_type == RuleType.QUIZ_AVERAGE


def test_moodle_csv_uses_moodle_columns_and_multilang(tree):
    text = export_text(tree[0], "moodle-csv")
    lines = text.splitlines()
    assert lines[0].split(",")[:3] == ["Parent ID number", "ID number", "Short name"]
    assert (
        '<span lang=""it"" class=""multilang"">Ascolto attivo</span>'
        '<span lang=""en"" class=""multilang"">Active listening</span>' in text
    )
    assert '[{""scaleid"":""0""},{""id"":1,""scaledefault"":1,""proficient"":0}' in text
    assert "core_competency\\competency_rule_all" in text


def test_imports_a_file_exported_by_moodle(db):
    framework = import_text(MOODLE_EXPORT, "moodle-csv")
    assert framework.name == "Digital competences"
    assert [level.name for level in framework.scale.level_list()] == [
        "Not yet competent",
        "Competent",
    ]
    assert framework.scale.proficient_from == 2
    d1 = Competency.objects.get(idnumber="D1")
    assert d1.rule_type == RuleType.ALL_CHILDREN
    browsing = Competency.objects.get(idnumber="D1.1")
    assert browsing.name == "Browsing, searching and filtering"
    assert browsing.parent == d1
    assert list(browsing.related.values_list("idnumber", flat=True)) == ["D1.2"]


def test_bad_moodle_file_saves_nothing_and_says_where(db):
    bad = MOODLE_EXPORT.replace("D1,D1.2,", "D9,D1.2,").replace(
        ',D1,"Information', ',,"Information'
    )
    with pytest.raises(InterchangeError) as caught:
        import_text(bad, "moodle-csv")
    # Every problem at once: the reader's and those of the whole tree.
    assert caught.value.errors == [
        ("Row 3", "The ID number is empty."),
        ("Row 4", "The parent D1 is not in the file."),
        ("Row 5", "The parent D9 is not in the file."),
    ]
    assert not CompetencyFramework.objects.exists()

    bad = MOODLE_EXPORT.replace("D1,D1.2,", "D9,D1.2,")
    with pytest.raises(InterchangeError) as caught:
        import_text(bad, "moodle-csv")
    assert caught.value.errors == [("Row 5", "The parent D9 is not in the file.")]
    assert not CompetencyFramework.objects.exists()
    assert not Competency.objects.exists()


def test_moodle_file_without_framework_row_or_columns(db):
    with pytest.raises(InterchangeError) as caught:
        import_text(
            MOODLE_EXPORT.replace(',1,"domain,competency"', ',,"domain,competency"'), "moodle-csv"
        )
    assert caught.value.errors == [
        ("Row 2", "No row is marked as the framework (Is framework = 1).")
    ]
    with pytest.raises(InterchangeError) as caught:
        import_text("ID number,Short name\nX,Y\n", "moodle-csv")
    assert caught.value.errors[:2] == [
        ("Row 1", "Missing column: Parent ID number."),
        ("Row 1", "Missing column: Description."),
    ]
    assert len(caught.value.errors) == 8


def test_existing_idnumber_is_refused(tree):
    # Another framework (another identifier) with the same ID number.
    text = export_text(tree[0], "moodle-csv").replace(str(tree[0].uuid), str(uuid.uuid4()))
    with pytest.raises(InterchangeError) as caught:
        import_text(text, "moodle-csv")
    assert caught.value.errors == [("Row 2", "A framework with ID number FW already exists.")]


def test_case_package_shape(tree):
    framework = tree[0]
    package = json.loads(export_text(framework, "case"))
    assert package["CFDocument"]["identifier"] == str(framework.uuid)
    assert package["CFDocument"]["title"] == "Quadro di prova"
    listening = next(i for i in package["CFItems"] if i["humanCodingScheme"] == "A1")
    assert listening["fullStatement"] == "Ascolto attivo"
    assert listening["CFItemType"] == "competency"
    child_of = [
        a
        for a in package["CFAssociations"]
        if a["associationType"] == "isChildOf"
        and a["originNodeURI"]["identifier"] == listening["identifier"]
    ]
    assert len(child_of) == 1
    area_id = next(i["identifier"] for i in package["CFItems"] if i["humanCodingScheme"] == "A")
    assert child_of[0]["destinationNodeURI"]["identifier"] == area_id


def test_bad_case_file_says_where(tree):
    package = json.loads(export_text(tree[0], "case"))
    tree[0].delete()
    package["CFItems"][2]["fullStatement"] = ""
    package["CFAssociations"][0]["originNodeURI"]["identifier"] = "nope"
    with pytest.raises(InterchangeError) as caught:
        import_text(json.dumps(package), "case")
    assert caught.value.errors == [
        ("CFItems[2]", "The fullStatement is empty."),
        ("CFAssociations[0]", "The origin nope is not a CFItem of this file."),
    ]
    with pytest.raises(InterchangeError) as caught:
        import_text("{not json", "case")
    assert caught.value.errors == [("Line 1", "This is not valid JSON.")]
    assert not CompetencyFramework.objects.exists()


def test_all_children_rule_without_children_is_refused(tree):
    framework = tree[0]
    make_competency(framework, "B", "Vuota", rule_type=RuleType.ALL_CHILDREN, sort_order=9)
    text = export_text(framework, "moodle-csv")
    framework.delete()
    with pytest.raises(InterchangeError) as caught:
        import_text(text, "moodle-csv")
    assert caught.value.errors == [
        ("Row 7", "The rule “all sub-competencies proficient” needs sub-competencies.")
    ]


def test_commands_round_trip(tree, tmp_path):
    out = tmp_path / "fw.csv"
    call_command("export_framework", "FW", "--format", "moodle-csv", "--output", str(out))
    first = out.read_text(encoding="utf-8")
    tree[0].delete()
    call_command("import_framework", str(out), "--format", "moodle-csv")
    call_command("export_framework", "FW", "--format", "moodle-csv", "--output", str(out))
    assert out.read_text(encoding="utf-8") == first


def test_import_command_reports_problems(db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(MOODLE_EXPORT.replace("D1,D1.2,", "D9,D1.2,"), encoding="utf-8")
    with pytest.raises(CommandError, match=r"nothing was imported\.\n  Row 5: The parent D9"):
        call_command("import_framework", str(path), "--format", "moodle-csv")


def test_moodle_multilang_parsing():
    assert moodle_csv.split_multilang("Plain") == ("Plain", "")
    assert moodle_csv.split_multilang(moodle_csv.multilang("Uno", "One")) == ("Uno", "One")


def test_moodle_html_descriptions_become_plain_text(db):
    framework = import_text(MOODLE_EXPORT, "moodle-csv")
    assert framework.description == "EU framework"


def test_text_with_markup_characters_survives_the_round_trip(tree):
    framework, area, *_rest = tree
    area.name = "Diritti & doveri <base>"
    area.description = "Usa «virgolette» & <tag>\nseconda riga"
    area.save()
    before, after, _text = _roundtrip_equal(framework, "moodle-csv")
    assert after == before


def _in_four_languages(tree):
    """The tree with French and Arabic names on the framework, a competency and the
    scale's levels."""
    framework, _area, listening, _questions, _feedback = tree
    framework.name_fr, framework.name_ar = "Compétences du coach", "كفاءات المرافق"
    framework.description_fr = "Pour les coachs"
    framework.save()
    listening.name_fr, listening.name_ar = "Écoute active", "الإصغاء الفعّال"
    listening.description_ar = "أن تُصغي دون أن تحكم"
    listening.save()
    for level, (fr, ar) in zip(
        framework.scale.level_list(),
        [("Débutant", "مبتدئ"), ("En progrès", "في طور التعلّم"), ("Compétent", "كفء")],
        strict=False,
    ):
        level.name_fr, level.name_ar = fr, ar
        level.save()
    return framework, listening


@pytest.mark.parametrize("fmt", ["moodle-csv", "case"])
def test_french_and_arabic_names_travel_both_ways(tree, fmt):
    """Issue 14: the exports carry the French and Arabic names where they exist, and
    an import gives them back (a new scale gets its levels' names too)."""
    framework, _listening = _in_four_languages(tree)
    text = export_text(framework, fmt)
    assert "Écoute active" in text and "الإصغاء الفعّال" in text
    assert "Compétences du coach" in text and "كفاءات المرافق" in text
    assert "مبتدئ" in text
    before = framework_export(framework)
    scale = framework.scale
    framework.delete()
    scale.delete()  # the import must build the scale from the file
    imported = import_text(text, fmt)
    after = framework_export(imported)
    assert after == before
    listening = imported.competencies.get(idnumber="A1")
    assert (listening.name_fr, listening.name_ar) == ("Écoute active", "الإصغاء الفعّال")
    assert listening.description_ar == "أن تُصغي دون أن تحكم"
    assert imported.name_ar == "كفاءات المرافق" and imported.description_fr == "Pour les coachs"
    assert imported.scale.level_list()[0].name_ar == "مبتدئ"


def test_case_carries_french_and_arabic_in_its_extension(tree):
    framework, listening = _in_four_languages(tree)
    package = json.loads(export_text(framework, "case"))
    ours = package["CFDocument"]["extensions"]["impact"]
    assert ours["titleFr"] == "Compétences du coach" and ours["titleAr"] == "كفاءات المرافق"
    assert "descriptionAr" not in ours  # a language without a text is left out
    assert ours["scale"]["levels"][0]["nameAr"] == "مبتدئ"
    item = next(i for i in package["CFItems"] if i["humanCodingScheme"] == "A1")
    assert item["fullStatement"] == listening.name  # CASE's own field stays Italian
    assert item["extensions"]["impact"]["fullStatementAr"] == "الإصغاء الفعّال"
    assert item["extensions"]["impact"]["notesAr"] == "أن تُصغي دون أن تحكم"


def test_moodle_csv_has_a_multilang_span_per_language(tree):
    framework, _listening = _in_four_languages(tree)
    text = export_text(framework, "moodle-csv")
    assert (
        '<span lang=""it"" class=""multilang"">Ascolto attivo</span>'
        '<span lang=""en"" class=""multilang"">Active listening</span>'
        '<span lang=""fr"" class=""multilang"">Écoute active</span>'
        '<span lang=""ar"" class=""multilang"">الإصغاء الفعّال</span>' in text
    )


def test_moodle_multilang_with_the_italian_span_not_first_keeps_it_as_the_name():
    """Spans in another order (Arabic first, a regional code) still give the Italian
    as the name and each other language its own text."""
    value = (
        '<span lang="ar" class="multilang">الإصغاء</span>'
        '<span lang="fr_ca" class="multilang">Écoute</span>'
        '<span lang="it" class="multilang">Ascolto</span>'
        '<span lang="en" class="multilang">Listening</span>'
    )
    texts = moodle_csv.texts_multilang(value)
    assert texts == {"it": "Ascolto", "en": "Listening", "fr": "Écoute", "ar": "الإصغاء"}
    assert moodle_csv.split_multilang(value) == ("Ascolto", "Listening")
