"""Message catalogues: complete in every language, placeholders intact, and in step with
the code (``makemessages`` would change nothing)."""

import os
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = {"it", "en", "fr", "ar"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def _app_dirs() -> list[Path]:
    """The project's own apps (not those installed in the virtualenv)."""
    paths = {Path(config.path).resolve() for config in apps.get_app_configs()}
    return sorted(p for p in paths if p.is_relative_to(ROOT) and ".venv" not in p.parts)


# Each app keeps its catalogue in <app>/locale/ (courses/lab has its own, one level down).
CATALOGUES = sorted(
    po for app in _app_dirs() for po in (app / "locale").glob("*/LC_MESSAGES/django.po")
)
# Where makemessages is run: each app with a catalogue that is not inside another such app
# (run in courses/, makemessages fills courses/lab/locale from the files under lab/).
MESSAGE_ROOTS = [
    app
    for app in _app_dirs()
    if (app / "locale").is_dir()
    and not any(
        (parent / "locale").is_dir()
        for parent in app.parents
        if parent.is_relative_to(ROOT) and parent != ROOT
    )
]


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_there_are_catalogues_for_each_language():
    languages = {path.parts[-3] for path in CATALOGUES}
    assert languages == LANGUAGES
    # The lab is not missed because its catalogue sits one level deeper.
    assert ROOT / "courses/lab/locale/ar/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("path", CATALOGUES, ids=_relative)
def test_catalogue_is_complete(path):
    """Every entry is translated and none is fuzzy (fr/ar included: all our strings are
    trainee-facing or shown to mixed groups)."""
    po = polib.pofile(str(path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated in {path}: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy in {path}: {fuzzy[:10]}"


@pytest.mark.parametrize("path", CATALOGUES, ids=_relative)
def test_placeholders_survive_translation(path):
    """A translation keeps every placeholder of its source, as often as the source has
    it; each plural form uses only placeholders of the plural source and is not empty
    (a form may drop the count: Arabic's "one" form often does)."""
    po = polib.pofile(str(path))
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            expected = set(PLACEHOLDER.findall(entry.msgid_plural))
            for form in entry.msgstr_plural.values():
                assert form and set(PLACEHOLDER.findall(form)) <= expected, (entry.msgid, form)
        else:
            assert sorted(PLACEHOLDER.findall(entry.msgid)) == sorted(
                PLACEHOLDER.findall(entry.msgstr)
            ), entry.msgid


def _keys(catalogue) -> set[tuple]:
    return {(e.msgctxt, e.msgid, e.msgid_plural) for e in catalogue if not e.obsolete}


def _describe(keys) -> list[str]:
    return sorted(msgid for _context, msgid, _plural in keys)[:10]


@pytest.mark.parametrize("app", MESSAGE_ROOTS, ids=_relative)
def test_makemessages_would_change_nothing(app, tmp_path, settings, monkeypatch):
    """Every string marked for translation in the code and templates is in the app's
    catalogues, and no catalogue keeps a string the code no longer has. makemessages runs
    on a copy of the app, so the tree is never touched; header dates and line
    references are not compared."""
    if shutil.which("xgettext") is None:
        reason = "gettext is not installed (apt-get install gettext)"
        # CI installs it (.ci/run): there a missing gettext is a failure, not a skip.
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    copy = tmp_path / app.name
    shutil.copytree(app, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    # LOCALE_PATHS points into the real tree: makemessages must write only in the copy.
    settings.LOCALE_PATHS = []
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["it"], keep_pot=True, no_location=True, verbosity=0)
    pots = sorted(copy.glob("**/locale/django.pot"))
    assert pots, f"makemessages extracted nothing in {_relative(app)}"
    for pot in pots:
        extracted = _keys(polib.pofile(str(pot)))
        locale_dir = app / pot.parent.relative_to(copy)
        for language in sorted(LANGUAGES):
            po = locale_dir / language / "LC_MESSAGES" / "django.po"
            present = _keys(polib.pofile(str(po)))
            missing, stale = extracted - present, present - extracted
            assert not missing, f"{_relative(po)} lacks (run makemessages): {_describe(missing)}"
            assert not stale, f"{_relative(po)} keeps strings no code has: {_describe(stale)}"


def test_templates_format_dates_with_the_languages_own_formats():
    """No template hard-codes a date layout such as "d/m/Y" (issue 14, item 6): the
    ``date`` filter names one of Django's formats, localised per language, or the
    machine-readable "c" and "Y-m-d" (for ``<time datetime>``)."""
    import re

    named = {"DATE_FORMAT", "DATETIME_FORMAT", "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT",
             "MONTH_DAY_FORMAT", "YEAR_MONTH_FORMAT", "TIME_FORMAT", "c", "U", "Y-m-d"}  # fmt: skip
    offenders = []
    for template in ROOT.glob("*/**/templates/**/*.html"):
        if ".venv" in template.parts or "node_modules" in template.parts:
            continue
        text = template.read_text(encoding="utf-8")
        for match in re.finditer(r"\|date:[\"']([^\"']*)[\"']", text):
            if match.group(1) not in named:
                offenders.append(f"{template.relative_to(ROOT)}: {match.group(0)}")
    assert offenders == []
