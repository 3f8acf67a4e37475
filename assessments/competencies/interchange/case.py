"""1EdTech CASE 1.1 JSON: a CFPackage with CFDocument, CFItems and CFAssociations.

Every ``uri`` is ``SITE_URL/case/<kind>/<identifier>`` and is served as JSON by
:mod:`assessments.competencies.case_views`; ``lastChangeDateTime`` is the last change of
the competency (or, for the document and the associations, of the whole framework).

The tree is carried by ``isChildOf`` associations (child → parent, or → the document
for the top level, ``sequenceNumber`` keeping the order) and related competencies by
``isRelatedTo``. Identifiers are our stable UUIDs, so the same competency keeps its
CASE identifier across exports (Open Badges alignments point at it). What CASE has no
field for — English, French and Arabic wording, the proficiency scale, our rating
rules — travels in an ``extensions`` object under the ``impact`` key, which CASE
consumers ignore (``titleEn``, ``titleFr``, ``titleAr``…; a language without a text is
left out).
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import RuleType

from ..exceptions import InterchangeError
from . import MORE_LANGUAGES, CompetencyData, FrameworkData, order_parents_first


def _more(data, pairs: dict[str, str]) -> dict:
    """The French and Arabic texts of ``data`` under CASE-style keys: ``pairs`` maps our
    field (``name``) to the key's stem (``title``): ``{"titleFr": …, "titleAr": …}``."""
    return {
        f"{stem}{code.capitalize()}": getattr(data, f"{field}_{code}")
        for field, stem in pairs.items()
        for code in MORE_LANGUAGES
        if getattr(data, f"{field}_{code}")
    }


def _read_more(extension: dict, pairs: dict[str, str]) -> dict:
    """The inverse of ``_more``: our fields from an ``impact`` extension."""
    return {
        f"{field}_{code}": str(extension.get(f"{stem}{code.capitalize()}") or "")
        for field, stem in pairs.items()
        for code in MORE_LANGUAGES
    }


DOCUMENT_TEXTS = {"name": "title", "description": "description"}
ITEM_TEXTS = {"name": "fullStatement", "description": "notes"}

NAMESPACE = uuid.UUID("6f1d8a52-7f0e-4c57-9d58-3f3a5bd0c0de")


def uri(kind: str, identifier: str) -> str:
    """The URI of a CASE object (``CFItems``, ``CFDocuments``…), served by case_views."""
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    return f"{base}/case/{kind}/{identifier}"


_uri = uri


def _node(kind: str, identifier: str, title: str) -> dict:
    return {"title": title, "identifier": identifier, "uri": _uri(kind, identifier)}


def _stamp(moment) -> str:
    """A CASE dateTime in UTC: ``2026-12-02T06:33:03Z``."""
    moment = (moment or timezone.now()).astimezone(UTC).replace(microsecond=0)
    return moment.isoformat().replace("+00:00", "Z")


def dumps(data: FrameworkData) -> str:
    now = _stamp(data.changed)
    document_id = data.uuid or str(uuid.uuid5(NAMESPACE, data.idnumber))
    document = {
        "identifier": document_id,
        "uri": _uri("CFDocuments", document_id),
        "creator": "Impact LMS",
        "title": data.name,
        "description": data.description,
        "language": "it",
        "adoptionStatus": "Adopted",
        "lastChangeDateTime": now,
        "extensions": {
            "impact": {
                # The package's CFDocument has no humanCodingScheme in CASE 1.1.
                "idnumber": data.idnumber,
                "titleEn": data.name_en,
                "descriptionEn": data.description_en,
                **_more(data, DOCUMENT_TEXTS),
                "scale": {
                    "levels": [
                        {
                            "name": it,
                            "nameEn": en,
                            **{
                                f"name{code.capitalize()}": names[number]
                                for code, names in data.level_names.items()
                                if number < len(names) and names[number]
                            },
                        }
                        for number, (it, en) in enumerate(data.levels)
                    ],
                    "proficientFrom": data.proficient_from,
                },
                "taxonomies": data.taxonomies,
            }
        },
    }
    ids = {
        item.idnumber: item.uuid or str(uuid.uuid5(NAMESPACE, f"{data.idnumber}/{item.idnumber}"))
        for item in data.competencies
    }
    depth = {}
    for item in data.competencies:
        depth[item.idnumber] = (
            depth.get(item.parent_idnumber, -1) + 1 if item.parent_idnumber else 0
        )
    terms = [term for term in data.taxonomies.split(",") if term] or ["competency"]
    items, associations = [], []
    for item in data.competencies:
        identifier = ids[item.idnumber]
        items.append(
            {
                "identifier": identifier,
                "uri": _uri("CFItems", identifier),
                "fullStatement": item.name,
                "humanCodingScheme": item.idnumber,
                "notes": item.description,
                "CFItemType": terms[min(depth[item.idnumber], len(terms) - 1)],
                "language": "it",
                "lastChangeDateTime": _stamp(item.changed or data.changed),
                "extensions": {
                    "impact": {
                        "fullStatementEn": item.name_en,
                        "notesEn": item.description_en,
                        **_more(item, ITEM_TEXTS),
                        "rule": {
                            "type": item.rule_type,
                            "count": item.rule_count,
                            "minPercent": item.rule_min_percent,
                        },
                    }
                },
            }
        )
        if item.parent_idnumber:
            destination = _node("CFItems", ids[item.parent_idnumber], item.parent_idnumber)
        else:
            destination = _node("CFDocuments", document_id, data.name)
        associations.append(
            _association("isChildOf", identifier, item.idnumber, destination, now, item.sort_order)
        )
        for other in item.related:
            if item.idnumber < other:  # one association per pair
                associations.append(
                    _association(
                        "isRelatedTo",
                        identifier,
                        item.idnumber,
                        _node("CFItems", ids[other], other),
                        now,
                        None,
                    )
                )
    package = {"CFDocument": document, "CFItems": items, "CFAssociations": associations}
    return json.dumps(package, ensure_ascii=False, indent=2)


def _association(kind, origin_id, origin_title, destination, now, sequence):
    identifier = str(uuid.uuid5(NAMESPACE, f"{kind}:{origin_id}:{destination['identifier']}"))
    association = {
        "identifier": identifier,
        "uri": _uri("CFAssociations", identifier),
        "associationType": kind,
        "originNodeURI": _node("CFItems", origin_id, origin_title),
        "destinationNodeURI": destination,
        "lastChangeDateTime": now,
    }
    if sequence is not None:
        association["sequenceNumber"] = sequence
    return association


def loads(text: str) -> tuple[FrameworkData, dict[str, str]]:
    """Parse a CASE package; problems are reported with their JSON path."""
    try:
        package = json.loads(text.lstrip("\ufeff"))
    except ValueError as error:
        raise InterchangeError(
            [
                (
                    _("Line %(line)s") % {"line": getattr(error, "lineno", 1)},
                    _("This is not valid JSON."),
                )
            ]
        ) from None
    errors: list[tuple[str, str]] = []
    if not isinstance(package, dict) or not isinstance(package.get("CFDocument"), dict):
        raise InterchangeError([("CFDocument", _("The CFDocument is missing."))])
    document = package["CFDocument"]
    extra = (document.get("extensions") or {}).get("impact") or {}
    scale = extra.get("scale") or {}
    levels = [(level.get("name", ""), level.get("nameEn", "")) for level in scale.get("levels", [])]
    level_names = {
        code: [str(level.get(f"name{code.capitalize()}") or "") for level in scale["levels"]]
        for code in MORE_LANGUAGES
        if any(level.get(f"name{code.capitalize()}") for level in scale.get("levels", []))
    }
    if not levels:  # a CASE file from elsewhere: our default four-level scale
        levels = [
            ("Principiante", "Beginner"),
            ("In sviluppo", "Developing"),
            ("Competente", "Proficient"),
            ("Esperto", "Expert"),
        ]
    # Older exports put the framework's ID number in humanCodingScheme.
    idnumber = (
        extra.get("idnumber") or document.get("humanCodingScheme") or document.get("identifier", "")
    )
    if not document.get("title"):
        errors.append(("CFDocument.title", _("The title is empty.")))
    data = FrameworkData(
        idnumber=str(idnumber)[:100],
        name=document.get("title", ""),
        name_en=extra.get("titleEn", ""),
        description=document.get("description", ""),
        description_en=extra.get("descriptionEn", ""),
        **_read_more(extra, DOCUMENT_TEXTS),
        uuid=_uuid(document.get("identifier", "")),
        levels=levels,
        level_names=level_names,
        proficient_from=int(scale.get("proficientFrom", 3 if len(levels) >= 3 else len(levels))),
        taxonomies=extra.get("taxonomies", ""),
    )
    by_id: dict[str, CompetencyData] = {}
    where: dict[str, str] = {"": "CFDocument"}
    for position, item in enumerate(package.get("CFItems") or []):
        here = f"CFItems[{position}]"
        identifier = item.get("identifier", "")
        code = item.get("humanCodingScheme") or identifier
        if not identifier:
            errors.append((here, _("The identifier is missing.")))
            continue
        if not item.get("fullStatement"):
            errors.append((here, _("The fullStatement is empty.")))
        if code in where:
            errors.append(
                (here, _("The ID number %(idnumber)s is used twice.") % {"idnumber": code})
            )
            continue
        ours = (item.get("extensions") or {}).get("impact") or {}
        rule = ours.get("rule") or {}
        rule_type = rule.get("type", RuleType.LATEST_TRAINER)
        if rule_type not in RuleType.values:
            errors.append((here, _("Unknown rule type: %(rule)s.") % {"rule": rule_type}))
            rule_type = RuleType.LATEST_TRAINER
        by_id[identifier] = CompetencyData(
            idnumber=code[:100],
            parent_idnumber="",
            name=item.get("fullStatement", ""),
            name_en=ours.get("fullStatementEn", ""),
            description=item.get("notes", "") or "",
            description_en=ours.get("notesEn", ""),
            **_read_more(ours, ITEM_TEXTS),
            uuid=_uuid(identifier),
            rule_type=rule_type,
            rule_count=int(rule.get("count", 1)),
            rule_min_percent=int(rule.get("minPercent", 70)),
        )
        where[code] = here
    for position, association in enumerate(package.get("CFAssociations") or []):
        here = f"CFAssociations[{position}]"
        kind = association.get("associationType")
        origin = (association.get("originNodeURI") or {}).get("identifier", "")
        destination = (association.get("destinationNodeURI") or {}).get("identifier", "")
        if kind not in ("isChildOf", "isRelatedTo"):
            continue
        if origin not in by_id:
            errors.append(
                (here, _("The origin %(id)s is not a CFItem of this file.") % {"id": origin})
            )
            continue
        child = by_id[origin]
        if kind == "isChildOf":
            if destination in by_id:
                child.parent_idnumber = by_id[destination].idnumber
            elif destination != document.get("identifier"):
                errors.append(
                    (here, _("The destination %(id)s is not in this file.") % {"id": destination})
                )
            child.sort_order = int(association.get("sequenceNumber") or 0)
        elif destination in by_id:
            other = by_id[destination]
            child.related = sorted({*child.related, other.idnumber})
            other.related = sorted({*other.related, child.idnumber})
        else:
            errors.append(
                (here, _("The destination %(id)s is not in this file.") % {"id": destination})
            )
    data.competencies = order_parents_first(list(by_id.values()))
    if errors:
        raise InterchangeError(errors, partial=(data, where))
    return data, where


def _uuid(value: str) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return ""
