"""The CASE 1.1 URIs of our frameworks, served as JSON (``/case/CFDocuments/<id>`` …).

Public by design, like a verification page: every ``uri`` of a CASE export, and the
alignment ``targetUrl`` of an Open Badge, must dereference for a verifier who has no
account here. They show only what the CASE export of the framework shows.
"""

from __future__ import annotations

import json
import uuid

from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from assessments.models import Competency, CompetencyFramework

from .interchange import export_text


def _package(framework: CompetencyFramework) -> dict:
    return json.loads(export_text(framework, "case"))


def _link(kind: str, document: dict) -> dict:
    """A CASE LinkGenURI to the framework's document or package."""
    return {
        "title": document["title"],
        "identifier": document["identifier"],
        "uri": document["uri"].replace("/CFDocuments/", f"/{kind}/"),
    }


def _json(data: dict) -> JsonResponse:
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _framework(identifier: uuid.UUID) -> CompetencyFramework:
    framework = CompetencyFramework.objects.filter(uuid=identifier).first()
    if framework is None:
        raise Http404
    return framework


@require_GET
def package(request, identifier: uuid.UUID):
    """The whole framework: CFDocument, CFItems and CFAssociations."""
    return _json(_package(_framework(identifier)))


@require_GET
def document(request, identifier: uuid.UUID):
    package = _package(_framework(identifier))
    found = package["CFDocument"]
    # Standing alone, a CFDocument links its package (inside the package it does not).
    found["CFPackageURI"] = _link("CFPackages", found)
    return _json(found)


@require_GET
def item(request, identifier: uuid.UUID):
    competency = Competency.objects.select_related("framework").filter(uuid=identifier).first()
    if competency is None:
        raise Http404
    wanted = str(identifier)
    package = _package(competency.framework)
    found = next((i for i in package["CFItems"] if i["identifier"] == wanted), None)
    if found is None:  # pragma: no cover - every competency is in its framework's export
        raise Http404
    # Standing alone, a CFItem links its document (inside the package it does not).
    found["CFDocumentURI"] = _link("CFDocuments", package["CFDocument"])
    return _json(found)


@require_GET
def association(request, identifier: uuid.UUID):
    """Associations have derived identifiers: look for it in each framework's export."""
    wanted = str(identifier)
    for framework in CompetencyFramework.objects.all():
        for found in _package(framework)["CFAssociations"]:
            if found["identifier"] == wanted:
                return _json(found)
    raise Http404
