"""``/case/…``: the URIs written in CASE exports (see :mod:`.case_views`)."""

from django.urls import path

from . import case_views

app_name = "case"

urlpatterns = [
    path("CFPackages/<uuid:identifier>", case_views.package, name="package"),
    path("CFDocuments/<uuid:identifier>", case_views.document, name="document"),
    path("CFItems/<uuid:identifier>", case_views.item, name="item"),
    path("CFAssociations/<uuid:identifier>", case_views.association, name="association"),
]
