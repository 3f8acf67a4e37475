"""Frameworks as Moodle and CASE 1.1 write them: headers, headerless files, re-import,
long statements, real change times, resolvable URIs and the official CASE schema."""

import json
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from assessments.competencies.exceptions import InterchangeError
from assessments.competencies.interchange import export_text, import_text
from assessments.models import Competency, CompetencyFramework

from .test_interchange import MOODLE_EXPORT

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
# The official 1EdTech CASE 1.1 CFPackage JSON schema, vendored under its Apache-2.0
# licence (tests/schemas/README.md names the source).
SCHEMA_PATH = ROOT / "tests" / "schemas" / "case" / "case_v1p1_cfpackage.json"


def _rows(text):
    return text.splitlines()


def test_headers_are_matched_whatever_their_case_spaces_and_punctuation(db):
    header, *rest = _rows(MOODLE_EXPORT)
    header = (
        '"parent id-number","Id Number","SHORTNAME",description,"Description_format",'
        '"Scale values","Scale configuration","Rule type","Rule outcome",'
        '"Rule config","Cross-referenced competency id numbers",'
        '"exported id","Is framework",TAXONOMY'
    )
    framework = import_text("\n".join([header, *rest]) + "\n", "moodle-csv")
    assert framework.idnumber == "DIGCOMP"
    assert Competency.objects.get(idnumber="D1.1").parent.idnumber == "D1"


def test_a_headerless_file_is_read_in_moodles_column_order(db):
    _header, *rest = _rows(MOODLE_EXPORT)
    framework = import_text("\n".join(rest) + "\n", "moodle-csv")
    assert framework.name == "Digital competences"
    assert sorted(framework.competencies.values_list("idnumber", flat=True)) == [
        "D1",
        "D1.1",
        "D1.2",
    ]


def test_every_bad_row_is_reported_in_one_pass(db):
    bad = (
        MOODLE_EXPORT.replace("D1,D1.2,", "D9,D1.2,")
        .replace('"Browsing, searching and filtering"', '""')
        .replace("core_competency\\competency_rule_all,3,null", "impact\\rule_nope,0,null")
    )
    with pytest.raises(InterchangeError) as caught:
        import_text(bad, "moodle-csv")
    assert caught.value.errors == [
        ("Row 3", "Unknown rule type: impact\\rule_nope."),
        ("Row 4", "The short name is empty."),
        ("Row 5", "The parent D9 is not in the file."),
    ]
    assert not CompetencyFramework.objects.exists()


def test_reimporting_our_own_export_updates_the_framework(tree):
    framework, area, listening, *_rest = tree
    for fmt in ("moodle-csv", "case"):
        listening.refresh_from_db()
        text = export_text(framework, fmt).replace(listening.name, f"Ascolto attivo ({fmt})")
        again = import_text(text, fmt)
        assert again.pk == framework.pk
        listening.refresh_from_db()
        assert listening.name == f"Ascolto attivo ({fmt})"
        assert CompetencyFramework.objects.count() == 1
        assert Competency.objects.filter(framework=framework).count() == 4


def test_a_statement_longer_than_200_characters_is_accepted(tree):
    framework, _area, listening, *_rest = tree
    package = json.loads(export_text(framework, "case"))
    long = "Ascolta in modo attivo, " * 20
    for item in package["CFItems"]:
        if item["humanCodingScheme"] == "A1":
            item["fullStatement"] = long.strip()
    framework.delete()
    import_text(json.dumps(package), "case")
    assert Competency.objects.get(idnumber="A1").name == long.strip()


def test_last_change_is_the_last_real_change_not_the_export_time(tree):
    framework, _area, listening, *_rest = tree
    earlier = timezone.now() - timedelta(days=3)
    CompetencyFramework.objects.filter(pk=framework.pk).update(updated_at=earlier)
    Competency.objects.filter(framework=framework).update(updated_at=earlier)
    framework.refresh_from_db()
    stamp = earlier.replace(microsecond=0).isoformat().replace("+00:00", "Z")
    package = json.loads(export_text(framework, "case"))
    assert package["CFDocument"]["lastChangeDateTime"] == stamp
    assert {item["lastChangeDateTime"] for item in package["CFItems"]} == {stamp}
    listening.name = "Ascolto attivo e partecipe"
    listening.save()
    package = json.loads(export_text(framework, "case"))
    changed = {i["humanCodingScheme"]: i["lastChangeDateTime"] for i in package["CFItems"]}
    assert changed["A1"] > stamp and changed["A"] == stamp
    assert package["CFDocument"]["lastChangeDateTime"] == changed["A1"]


def _all_uris(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "uri":
                yield item
            else:
                yield from _all_uris(item)
    elif isinstance(value, list):
        for item in value:
            yield from _all_uris(item)


def test_every_uri_of_a_case_export_resolves_to_its_json(tree, client):
    framework = tree[0]
    framework.competencies.get(idnumber="A1").related.add(framework.competencies.get(idnumber="A3"))
    package = json.loads(export_text(framework, "case"))
    by_identifier = {
        entry["identifier"]: entry
        for entry in [package["CFDocument"], *package["CFItems"], *package["CFAssociations"]]
    }
    uris = set(_all_uris(package))
    assert len(uris) > len(package["CFItems"])
    seen, links = set(), {}
    while uris - seen:
        uri = sorted(uris - seen)[0]
        seen.add(uri)
        response = client.get(urlsplit(uri).path)
        assert response.status_code == 200, uri
        assert response["Content-Type"] == "application/json"
        body = response.json()
        if "CFPackages/" in uri:
            assert body == package
            continue
        # Standing alone, a document links its package and an item its document.
        link = body.pop("CFPackageURI", None) or body.pop("CFDocumentURI", None)
        if link:
            links[uri] = link["uri"]
            uris.add(link["uri"])
        assert body == by_identifier[body["identifier"]]
        assert body["uri"] == uri
    document_uri = package["CFDocument"]["uri"]
    assert links[document_uri] == document_uri.replace("/CFDocuments/", "/CFPackages/")
    assert {links[item["uri"]] for item in package["CFItems"]} == {document_uri}
    assert client.get("/case/CFItems/00000000-0000-0000-0000-000000000000").status_code == 404


def test_the_export_validates_against_the_official_case_schema(tree):
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    framework = tree[0]
    framework.competencies.get(idnumber="A1").related.add(framework.competencies.get(idnumber="A3"))
    package = json.loads(export_text(framework, "case"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    problems = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(package)]
    assert problems == [], "\n".join(problems)
