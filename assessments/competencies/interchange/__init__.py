"""Framework interchange: Moodle's competency CSV and 1EdTech CASE JSON.

Both formats go through :class:`FrameworkData`, a plain description of a framework.
``framework_export`` turns a saved framework into it; ``framework_import`` saves one
(all or nothing). Each format module has ``dumps(data) -> str`` and
``loads(text) -> FrameworkData``; ``loads`` raises ``InterchangeError`` listing every
problem with where it is (row, or JSON path) and why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assessments.models import (
    Competency,
    CompetencyFramework,
    ProficiencyScale,
    RuleType,
    ScaleLevel,
)

from ..exceptions import InterchangeError

FORMATS = ("moodle-csv", "case")


#: The languages besides Italian and English whose names travel in both formats.
MORE_LANGUAGES = ("fr", "ar")
#: The name and description fields of a framework and of a competency, every language.
TEXT_FIELDS = tuple(
    f"{field}{suffix}"
    for field in ("name", "description")
    for suffix in ("", "_en", *(f"_{code}" for code in MORE_LANGUAGES))
)


@dataclass
class CompetencyData:
    idnumber: str
    parent_idnumber: str
    name: str
    name_en: str = ""
    description: str = ""
    description_en: str = ""
    name_fr: str = ""
    name_ar: str = ""
    description_fr: str = ""
    description_ar: str = ""
    uuid: str = ""
    sort_order: int = 0
    rule_type: str = RuleType.LATEST_TRAINER
    rule_count: int = 1
    rule_min_percent: int = 70
    related: list[str] = field(default_factory=list)
    #: When it last changed (exports only; CASE's lastChangeDateTime).
    changed: datetime | None = field(default=None, compare=False)


@dataclass
class FrameworkData:
    idnumber: str
    name: str
    name_en: str = ""
    description: str = ""
    description_en: str = ""
    name_fr: str = ""
    name_ar: str = ""
    description_fr: str = ""
    description_ar: str = ""
    uuid: str = ""
    levels: list[tuple[str, str]] = field(default_factory=list)  # (Italian, English)
    #: The levels' names in French and Arabic ({"fr": [...], "ar": [...]}, where known).
    level_names: dict[str, list[str]] = field(default_factory=dict)
    proficient_from: int = 1
    taxonomies: str = ""
    competencies: list[CompetencyData] = field(default_factory=list)
    #: The last change of the framework or any of its competencies (exports only).
    changed: datetime | None = field(default=None, compare=False)


def framework_export(framework: CompetencyFramework) -> FrameworkData:
    """A saved framework as data: competencies parents-first, in tree order."""
    scale = framework.scale
    levels = sorted(scale.levels.all(), key=lambda level: level.sort_order or 0)
    competencies = list(
        framework.competencies.select_related("parent")
        .prefetch_related("related")
        .order_by("sort_order", "idnumber")
    )
    by_parent: dict[int | None, list[Competency]] = {}
    for competency in competencies:
        by_parent.setdefault(competency.parent_id, []).append(competency)
    ordered: list[Competency] = []

    def walk(parent_id):
        for competency in by_parent.get(parent_id, []):
            ordered.append(competency)
            walk(competency.pk)

    walk(None)
    return FrameworkData(
        idnumber=framework.idnumber,
        **{name: getattr(framework, name) for name in TEXT_FIELDS},
        uuid=str(framework.uuid),
        levels=[(level.name, level.name_en) for level in levels],
        level_names={
            code: [getattr(level, f"name_{code}") for level in levels]
            for code in MORE_LANGUAGES
            if any(getattr(level, f"name_{code}") for level in levels)
        },
        proficient_from=scale.proficient_from,
        taxonomies=framework.taxonomies,
        competencies=[
            CompetencyData(
                idnumber=c.idnumber,
                parent_idnumber=c.parent.idnumber if c.parent_id else "",
                **{name: getattr(c, name) for name in TEXT_FIELDS},
                uuid=str(c.uuid),
                sort_order=c.sort_order,
                rule_type=c.rule_type,
                rule_count=c.rule_count,
                rule_min_percent=c.rule_min_percent,
                related=sorted(r.idnumber for r in c.related.all()),
                changed=c.updated_at,
            )
            for c in ordered
        ],
        changed=max([framework.updated_at, *(c.updated_at for c in ordered)]),
    )


def validate(
    data: FrameworkData,
    where: dict[str, str] | None = None,
    *,
    existing: CompetencyFramework | None = None,
    errors: list[tuple[str, str]] | None = None,
) -> None:
    """Checks shared by both formats; ``where`` maps an ID number to its location.

    ``existing`` is the framework a re-import updates; ``errors`` those the reader
    already found, so that every problem of the file is reported at once.
    """
    where = where or {}
    errors = list(errors or [])
    top = where.get("", _("Framework"))
    duplicates = CompetencyFramework.objects.filter(idnumber=data.idnumber)
    if existing is not None:
        duplicates = duplicates.exclude(pk=existing.pk)
    if duplicates.exists():
        errors.append(
            (
                top,
                _("A framework with ID number %(idnumber)s already exists.")
                % {"idnumber": data.idnumber},
            )
        )
    if len(data.levels) < 2:
        errors.append((top, _("The scale needs at least two levels.")))
    elif not 1 <= data.proficient_from <= len(data.levels):
        errors.append((top, _("No level of the scale is marked proficient.")))
    known = {c.idnumber for c in data.competencies}
    for competency in data.competencies:
        here = where.get(competency.idnumber, competency.idnumber)
        if competency.parent_idnumber and competency.parent_idnumber not in known:
            errors.append(
                (
                    here,
                    _("The parent %(parent)s is not in the file.")
                    % {"parent": competency.parent_idnumber},
                )
            )
        for other in competency.related:
            if other not in known:
                errors.append(
                    (
                        here,
                        _("The related competency %(idnumber)s is not in the file.")
                        % {"idnumber": other},
                    )
                )
    parents = {c.idnumber: c.parent_idnumber for c in data.competencies}
    for idnumber in parents:
        seen, node = set(), idnumber
        while node:
            if node in seen:
                errors.append((where.get(idnumber, idnumber), _("The parents form a loop.")))
                break
            seen.add(node)
            node = parents.get(node, "")
    with_children = {c.parent_idnumber for c in data.competencies if c.parent_idnumber}
    for competency in data.competencies:
        if (
            competency.rule_type == RuleType.ALL_CHILDREN
            and competency.idnumber not in with_children
        ):
            errors.append(
                (
                    where.get(competency.idnumber, competency.idnumber),
                    _("The rule “all sub-competencies proficient” needs sub-competencies."),
                )
            )
    already = {location for location, _reason in errors}
    for competency in data.competencies:
        if where.get(competency.idnumber, competency.idnumber) in already:
            continue  # its row has a problem already: one message is enough
        try:
            Competency(
                idnumber=competency.idnumber,
                **{name: getattr(competency, name) for name in TEXT_FIELDS},
                sort_order=competency.sort_order,
                rule_count=competency.rule_count,
                rule_min_percent=competency.rule_min_percent,
            ).clean_fields(exclude=["framework", "parent", "rule_type", "uuid"])
        except ValidationError as error:
            errors.append((where.get(competency.idnumber, competency.idnumber), _message(error)))
    if errors:
        raise InterchangeError(errors)


def _scale_for(data: FrameworkData) -> ProficiencyScale:
    """An existing scale with exactly these levels, or a new one."""
    for scale in ProficiencyScale.objects.prefetch_related("levels").filter(
        proficient_from=data.proficient_from
    ):
        levels = sorted(scale.levels.all(), key=lambda level: level.sort_order or 0)
        if [(level.name, level.name_en) for level in levels] == data.levels:
            return scale
    base = _("Scale of %(name)s") % {"name": data.idnumber}
    name, counter = base, 1
    while ProficiencyScale.objects.filter(name=name).exists():
        counter += 1
        name = f"{base} ({counter})"
    scale = ProficiencyScale(name=name, name_en=name, proficient_from=data.proficient_from)
    scale.save()
    ScaleLevel.objects.bulk_create(
        ScaleLevel(
            scale=scale,
            name=it,
            name_en=en,
            **{
                f"name_{code}": (names[order] if order < len(names) else "")[:80]
                for code, names in data.level_names.items()
                if code in MORE_LANGUAGES
            },
            sort_order=order,
        )
        for order, (it, en) in enumerate(data.levels)
    )
    return scale


def _own_framework(data: FrameworkData) -> CompetencyFramework | None:
    """The framework a file was exported from (same identifier), if it is ours."""
    if not data.uuid:
        return None
    return CompetencyFramework.objects.filter(uuid=data.uuid).first()


@transaction.atomic
def framework_import(
    *,
    data: FrameworkData,
    where: dict[str, str] | None = None,
    errors: list[tuple[str, str]] | None = None,
):
    """Save ``data`` as a framework, all or nothing; raises ``InterchangeError``.

    A file exported from this site (its framework identifier is one of ours) updates
    that framework: fields, competencies (matched by identifier, then ID number),
    parents and relations; competencies the file no longer has are kept.
    """
    existing = _own_framework(data)
    validate(data, where, existing=existing, errors=errors)
    framework = existing or CompetencyFramework()
    framework.idnumber = data.idnumber
    for name in TEXT_FIELDS:
        setattr(framework, name, getattr(data, name))
    framework.taxonomies = data.taxonomies or "competency"
    if (
        existing is None
        or [
            (level.name, level.name_en)
            for level in sorted(existing.scale.levels.all(), key=lambda lv: lv.sort_order or 0)
        ]
        != data.levels
        or existing.scale.proficient_from != data.proficient_from
    ):
        framework.scale = _scale_for(data)
    if (
        existing is None
        and data.uuid
        and not CompetencyFramework.objects.filter(uuid=data.uuid).exists()
    ):
        framework.uuid = data.uuid
    try:
        framework.full_clean()
    except Exception as error:  # ValidationError: report it like the other problems
        raise InterchangeError([(_("Framework"), _message(error))]) from error
    framework.save()
    current = {}
    if existing is not None:
        for competency in framework.competencies.all():
            current[str(competency.uuid)] = competency
            current[competency.idnumber] = competency
    created: dict[str, Competency] = {}
    for item in data.competencies:  # parents come first (validated: no loops)
        competency = current.get(item.uuid) or current.get(item.idnumber)
        if competency is None:
            competency = Competency(framework=framework)
            if item.uuid and not Competency.objects.filter(uuid=item.uuid).exists():
                competency.uuid = item.uuid
        values = {
            "parent": created.get(item.parent_idnumber),
            "idnumber": item.idnumber,
            **{name: getattr(item, name) for name in TEXT_FIELDS},
            "sort_order": item.sort_order,
            "rule_type": item.rule_type,
            "rule_count": item.rule_count,
            "rule_min_percent": item.rule_min_percent,
        }
        changed = competency.pk is None or any(
            getattr(competency, name) != value for name, value in values.items()
        )
        if changed:  # unchanged rows keep their lastChangeDateTime
            for name, value in values.items():
                setattr(competency, name, value)
            try:
                competency.full_clean(exclude=["rule_type"])
            except Exception as error:
                raise InterchangeError(
                    [((where or {}).get(item.idnumber, item.idnumber), _message(error))]
                ) from error
            competency.save()
        created[item.idnumber] = competency
    for item in data.competencies:
        wanted = {created[other].pk for other in item.related}
        competency = created[item.idnumber]
        if existing is None:
            if wanted:
                competency.related.add(*wanted)
        elif set(competency.related.values_list("pk", flat=True)) != wanted:
            competency.related.set(wanted)
    return framework


def _message(error) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
        )
    return " ".join(getattr(error, "messages", [str(error)]))


def order_parents_first(items: list[CompetencyData]) -> list[CompetencyData]:
    """Items reordered so that each parent precedes its children (file order kept
    otherwise); items in a loop or with a missing parent keep their place at the end."""
    by_parent: dict[str, list[CompetencyData]] = {}
    known = {item.idnumber for item in items}
    for item in items:
        parent = item.parent_idnumber if item.parent_idnumber in known else ""
        by_parent.setdefault(parent, []).append(item)
    ordered, seen = [], set()

    def walk(parent):
        for item in by_parent.get(parent, []):
            if item.idnumber in seen:
                continue
            seen.add(item.idnumber)
            ordered.append(item)
            walk(item.idnumber)

    walk("")
    ordered.extend(item for item in items if item.idnumber not in seen)
    return ordered


def _module(fmt: str):
    from . import case, moodle_csv

    if fmt == "moodle-csv":
        return moodle_csv
    if fmt == "case":
        return case
    raise ValueError(f"Unknown format {fmt!r}; use one of {', '.join(FORMATS)}.")


def import_text(text: str, fmt: str) -> CompetencyFramework:
    """Parse ``text`` in ``fmt`` and save it as a new framework (all or nothing)."""
    try:
        data, where = _module(fmt).loads(text)
        errors = []
    except InterchangeError as error:
        if error.partial is None:
            raise
        (data, where), errors = error.partial, error.errors
    return framework_import(data=data, where=where, errors=errors)


def export_text(framework: CompetencyFramework, fmt: str) -> str:
    """``framework`` as text in ``fmt``."""
    return _module(fmt).dumps(framework_export(framework))


def decode(raw: bytes) -> str:
    """Uploaded bytes as text: UTF-8 (with or without BOM), else Windows-1252."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")
