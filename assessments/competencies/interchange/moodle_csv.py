"""Moodle's competency framework CSV (admin/tool/lpimportcsv).

One header row, then the framework as its own row ("Is framework" set) and one row
per competency, parents referenced by ID number. Moodle conventions kept:
"Scale values" is the comma-separated level names, "Scale configuration" the JSON
list ``[{"scaleid": …}, {"id": 1, "scaledefault": 1, "proficient": 0}, …]``,
related ID numbers are comma-separated with commas inside an ID escaped as ``%2C``,
and an empty rule config is written as ``null``.

Names and descriptions in several languages use Moodle's multilang filter markup
(``<span lang="it" class="multilang">…</span><span lang="en" class="multilang">…</span>``,
then ``fr`` and ``ar`` where they have a text), so a Moodle site with the filter on
shows each reader their language. On import the Italian span is the name whatever its
place (the first span when there is no Italian one). Our own rating
rules travel in "Rule type"/"Rule config" as ``impact\\rule_<type>`` with JSON config;
Moodle ignores rule classes it does not know. "All children" is Moodle's own
``core_competency\\competency_rule_all``. "Exported ID" carries our stable identifier.
"""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape

from django.utils.html import escape, strip_tags
from django.utils.translation import gettext as _

from assessments.models import RuleType

from ..exceptions import InterchangeError
from . import MORE_LANGUAGES, CompetencyData, FrameworkData, order_parents_first

HEADERS = [
    "Parent ID number",
    "ID number",
    "Short name",
    "Description",
    "Description format",
    "Scale values",
    "Scale configuration",
    "Rule type (optional)",
    "Rule outcome (optional)",
    "Rule config (optional)",
    "Cross-referenced competency ID numbers",
    "Exported ID (optional)",
    "Is framework",
    "Taxonomy",
]
FORMAT_HTML = "1"  # Moodle's FORMAT_HTML: descriptions carry multilang <span>s
MOODLE_RULE_ALL = "core_competency\\competency_rule_all"
OUTCOME_COMPLETE = "3"
RULE_PREFIX = "impact\\rule_"
MULTILANG = re.compile(
    r'<span\s+lang="(?P<lang>[a-z_-]+)"\s+class="multilang">(?P<text>.*?)</span>', re.S
)


def multilang(italian: str, english: str, more: dict[str, str] | None = None) -> str:
    """Our plain text as Moodle HTML, one multilang span per language with a text
    (``more``: French and Arabic); the Italian alone is plain text."""
    texts = {"en": english, **{code: (more or {}).get(code, "") for code in MORE_LANGUAGES}}
    if not any(texts.values()):
        return escape(italian)
    return f'<span lang="it" class="multilang">{escape(italian)}</span>' + "".join(
        f'<span lang="{code}" class="multilang">{escape(text)}</span>'
        for code, text in texts.items()
        if text
    )


def _multilang_of(data, field: str) -> str:
    """``field`` of ``data`` (a FrameworkData or CompetencyData) in every language."""
    return multilang(
        getattr(data, field),
        getattr(data, f"{field}_en"),
        {code: getattr(data, f"{field}_{code}") for code in MORE_LANGUAGES},
    )


def texts_multilang(value: str) -> dict[str, str]:
    """{language: plain text} from Moodle HTML: ``it`` is the Italian span wherever it
    stands (else the first span, else the whole text); other languages where present."""
    parts = {
        m["lang"].split("_")[0].split("-")[0]: m["text"] for m in MULTILANG.finditer(value or "")
    }
    if not parts:
        return {"it": _plain(value or "")}
    italian = parts.get("it") or next(iter(parts.values()))
    return {**{code: _plain(text) for code, text in parts.items()}, "it": _plain(italian)}


def _plain(value: str) -> str:
    return unescape(strip_tags(value)).strip() if "<" in value or "&" in value else value


def split_multilang(value: str) -> tuple[str, str]:
    """(Italian, English) from Moodle HTML; text without multilang spans is Italian."""
    texts = texts_multilang(value)
    return texts["it"], texts.get("en", "")


def _more_of(texts: dict[str, str], field: str) -> dict[str, str]:
    """``{"name_fr": …, "name_ar": …}`` from ``texts_multilang``'s result."""
    return {f"{field}_{code}": texts.get(code, "") for code in MORE_LANGUAGES}


def _scale_configuration(data: FrameworkData) -> str:
    config = [{"scaleid": "0"}] + [
        {
            "id": number,
            "scaledefault": 1 if number == 1 else 0,
            "proficient": 1 if number >= data.proficient_from else 0,
        }
        for number in range(1, len(data.levels) + 1)
    ]
    return json.dumps(config, separators=(",", ":"))


def dumps(data: FrameworkData) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADERS)
    writer.writerow(
        [
            "",
            data.idnumber,
            _multilang_of(data, "name"),
            _multilang_of(data, "description"),
            FORMAT_HTML,
            ",".join(
                multilang(
                    it,
                    en,
                    {
                        code: names[number]
                        for code, names in data.level_names.items()
                        if number < len(names)
                    },
                )
                for number, (it, en) in enumerate(data.levels)
            ),
            _scale_configuration(data),
            "",
            "",
            "",
            "",
            data.uuid,
            "1",
            data.taxonomies,
        ]
    )
    for item in data.competencies:
        if item.rule_type == RuleType.ALL_CHILDREN:
            rule_type, outcome = MOODLE_RULE_ALL, OUTCOME_COMPLETE
            config = {"order": item.sort_order}
        else:
            rule_type, outcome = RULE_PREFIX + item.rule_type, "0"
            config = {
                "count": item.rule_count,
                "min_percent": item.rule_min_percent,
                "order": item.sort_order,
            }
        writer.writerow(
            [
                item.parent_idnumber,
                item.idnumber,
                _multilang_of(item, "name"),
                _multilang_of(item, "description"),
                FORMAT_HTML,
                "",
                "",
                rule_type,
                outcome,
                json.dumps(config, separators=(",", ":")),
                ",".join(other.replace(",", "%2C") for other in item.related),
                item.uuid,
                "",
                "",
            ]
        )
    return out.getvalue()


def column_key(name: str) -> str:
    """A header as Moodle's importer compares it: case, spaces, punctuation and the
    "(optional)" mark ignored ("Parent id number" is "parentidnumber")."""
    key = re.sub(r"[\W_]+", "", name.lower())
    return key.removesuffix("optional")


def _truthy(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "y"}


def _row_name(number: int) -> str:
    return _("Row %(number)s") % {"number": number}


def _parse_scale(
    values: str, configuration: str, where: str, errors
) -> tuple[list, int, dict[str, list[str]]]:
    texts = [texts_multilang(value.strip()) for value in values.split(",") if value.strip()]
    levels = [(text["it"], text.get("en", "")) for text in texts]
    level_names = {
        code: [text.get(code, "") for text in texts]
        for code in MORE_LANGUAGES
        if any(text.get(code) for text in texts)
    }
    proficient_from = 0
    if configuration.strip():
        try:
            config = json.loads(configuration)
            flags = [entry for entry in config[1:] if isinstance(entry, dict)]
            proficient = sorted(int(e["id"]) for e in flags if int(e.get("proficient", 0)))
            proficient_from = proficient[0] if proficient else 0
        except (ValueError, TypeError, KeyError, IndexError):
            errors.append((where, _("The scale configuration is not valid JSON.")))
    return levels, proficient_from, level_names


def _parse_rule(rule_type: str, config: str, where: str, errors) -> tuple[str, int, int, int]:
    rule_type = rule_type.strip()
    count, min_percent, order = 1, 70, 0
    parsed = {}
    if config.strip() and config.strip() != "null":
        try:
            parsed = json.loads(config)
            if not isinstance(parsed, dict):
                parsed = {}
        except ValueError:
            errors.append((where, _("The rule config is not valid JSON.")))
    order = int(parsed.get("order", 0)) if str(parsed.get("order", 0)).isdigit() else 0
    if rule_type == MOODLE_RULE_ALL:
        return RuleType.ALL_CHILDREN, count, min_percent, order
    if rule_type.startswith(RULE_PREFIX):
        ours = rule_type[len(RULE_PREFIX) :]
        if ours not in RuleType.values:
            errors.append((where, _("Unknown rule type: %(rule)s.") % {"rule": rule_type}))
            return RuleType.LATEST_TRAINER, count, min_percent, order
        try:
            count = int(parsed.get("count", 1))
            min_percent = int(parsed.get("min_percent", 70))
        except (TypeError, ValueError):
            errors.append((where, _("The rule config is not valid JSON.")))
        if not 1 <= count <= 50 or not 0 <= min_percent <= 100:
            errors.append((where, _("The rule config is out of range.")))
        return ours, count, min_percent, order
    # Moodle's points rule and anything else: our default rule.
    return RuleType.LATEST_TRAINER, count, min_percent, order


def loads(text: str) -> tuple[FrameworkData, dict[str, str]]:
    """Parse a Moodle competency CSV; returns the data and where each ID number is."""
    text = text.lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    errors: list[tuple[str, str]] = []
    first = next((row for row in rows if any(value.strip() for value in row)), None)
    if first is None:
        raise InterchangeError([(_row_name(1), _("The file is empty."))])
    known = {column_key(name): name for name in HEADERS}
    keys = [column_key(column) for column in first]
    if "idnumber" in keys and any(key in known for key in keys if key != "idnumber"):
        start = rows.index(first) + 1
        index = {}
        for position, key in enumerate(keys):
            if key in known:
                index.setdefault(known[key], position)
        missing = [name for name in HEADERS if name not in index and "(optional)" not in name]
        if missing:
            raise InterchangeError(
                [
                    (_row_name(1), _("Missing column: %(column)s.") % {"column": name})
                    for name in missing
                ]
            )
    else:
        # No header row: the columns are in the order Moodle writes them.
        start = 0
        index = {name: position for position, name in enumerate(HEADERS)}

    def cell(row, name):
        position = index.get(name)
        return row[position] if position is not None and position < len(row) else ""

    framework: FrameworkData | None = None
    items: list[CompetencyData] = []
    where: dict[str, str] = {}
    for number, row in enumerate(rows[start:], start=start + 1):
        if not any(value.strip() for value in row):
            continue
        here = _row_name(number)
        idnumber = cell(row, "ID number").strip()
        names = texts_multilang(cell(row, "Short name").strip())
        descriptions = texts_multilang(cell(row, "Description"))
        name, name_en = names["it"], names.get("en", "")
        description, description_en = descriptions["it"], descriptions.get("en", "")
        more = {**_more_of(names, "name"), **_more_of(descriptions, "description")}
        if not idnumber:
            errors.append((here, _("The ID number is empty.")))
            continue
        if not name:
            errors.append((here, _("The short name is empty.")))
        if _truthy(cell(row, "Is framework")):
            if framework is not None:
                errors.append((here, _("Only one row can be the framework.")))
                continue
            levels, proficient_from, level_names = _parse_scale(
                cell(row, "Scale values"), cell(row, "Scale configuration"), here, errors
            )
            framework = FrameworkData(
                idnumber=idnumber,
                name=name,
                name_en=name_en,
                description=description,
                description_en=description_en,
                **more,
                uuid=_uuid(cell(row, "Exported ID (optional)")),
                levels=levels,
                level_names=level_names,
                proficient_from=proficient_from,
                taxonomies=cell(row, "Taxonomy").strip(),
            )
            where[""] = here
            continue
        if idnumber in where:
            errors.append(
                (here, _("The ID number %(idnumber)s is used twice.") % {"idnumber": idnumber})
            )
            continue
        rule_type, count, min_percent, order = _parse_rule(
            cell(row, "Rule type (optional)"), cell(row, "Rule config (optional)"), here, errors
        )
        related = [
            value.strip().replace("%2C", ",")
            for value in cell(row, "Cross-referenced competency ID numbers").split(",")
            if value.strip()
        ]
        items.append(
            CompetencyData(
                idnumber=idnumber,
                parent_idnumber=cell(row, "Parent ID number").strip(),
                name=name,
                name_en=name_en,
                description=description,
                description_en=description_en,
                **more,
                uuid=_uuid(cell(row, "Exported ID (optional)")),
                sort_order=order,
                rule_type=rule_type,
                rule_count=count,
                rule_min_percent=min_percent,
                related=sorted(related),
            )
        )
        where[idnumber] = here
    if framework is None:
        errors.append((_row_name(2), _("No row is marked as the framework (Is framework = 1).")))
        raise InterchangeError(errors)
    framework.competencies = order_parents_first(items)
    if errors:
        raise InterchangeError(errors, partial=(framework, where))
    return framework, where


def _uuid(value: str) -> str:
    import uuid

    try:
        return str(uuid.UUID(value.strip()))
    except ValueError:
        return ""
