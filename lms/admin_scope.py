"""The admin sees what the site lets each person see: scoped viewsets and form fields.

Wagtail's model permissions are global ("may change lab groups"), while the site's rule
is per object (a trainer works with their own cohorts; coordinators with every cohort).
This module applies the site's rule in the admin:

- each app registers, for each of its models whose rows belong to a cohort, how to
  narrow a queryset to what a person may see (``register(Model, scope_fn)``);
- ``ScopedViewSetMixin`` (first base of a ``ModelViewSet`` or ``SnippetViewSet``)
  narrows the listing and every single-object view (edit, delete, inspect, history,
  usage, copy) with it: an object outside the scope is a 404, as on the site;
- the create/edit forms of those viewsets narrow every choice field (and every inline
  form's) whose model is registered, so the people, cohorts and paths offered are the
  ones in scope, and an out-of-scope id sent by hand is refused by validation.

The user model is registered too (by ``courses``): a trainer's forms list the
people of their cohorts, never every account's e-mail.

Coordinators are scoped by territory through the same registrations (the scopes are
built on ``courses.selectors.cohorts_visible_to``/``people_visible_to``, which read
``lms.roles.territories_for``), and a form's ``territory`` field offers a territorial
coordinator only their territories: a Bari coordinator cannot create, or move a cohort
to, Foggia.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.db.models import QuerySet
from django.http import Http404

from lms.roles import is_coordinator, territories_for

ScopeFn = Callable[[object, QuerySet], QuerySet]

_SCOPES: dict[type, ScopeFn] = {}


def register(model: type, scope: ScopeFn) -> None:
    """Declare how to narrow a queryset of ``model`` to what ``user`` may see:
    ``scope(user, queryset) -> queryset``."""
    _SCOPES[model] = scope


def registered_models() -> frozenset[type]:
    return frozenset(_SCOPES)


def scope_queryset(user, queryset: QuerySet) -> QuerySet:
    """``queryset`` narrowed to what ``user`` may see (unchanged for models with no
    registered scope and for superusers)."""
    scope = _SCOPES.get(queryset.model)
    if scope is None or user.is_superuser:
        return queryset
    return scope(user, queryset)


TERRITORY_FIELD = "territory"


def _scope_territory_field(form, field, user) -> None:
    territories = territories_for(user)
    if territories is None or not is_coordinator(user):
        return
    current = form.initial.get(TERRITORY_FIELD) if hasattr(form, "initial") else None
    field.choices = [
        (value, label)
        for value, label in field.choices
        if value in territories or value == current or value == ""
    ]


def scope_form(form, user) -> None:
    """Narrow the choice fields of ``form`` and of its inline formsets to ``user``."""
    for name, field in form.fields.items():
        if name == TERRITORY_FIELD and type(field) in (forms.ChoiceField, forms.TypedChoiceField):
            _scope_territory_field(form, field, user)
        if isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
            base = field.queryset
            scoped = scope_queryset(user, base)
            # What the object already holds stays selectable (a facilitator a
            # coordinator chose from elsewhere must not make the form unsavable).
            current = form.initial.get(name) if hasattr(form, "initial") else None
            if current not in (None, "", []):
                values = current if isinstance(current, list | tuple) else [current]
                values = [getattr(value, "pk", value) for value in values]
                if scoped is not base:
                    scoped = scoped | base.filter(pk__in=values)
            field.queryset = scoped
    for formset in getattr(form, "formsets", {}).values():
        for child in [*formset.forms, formset.empty_form]:
            scope_form(child, user)
        # New inline rows are built from the formset's form class later on.
        formset.form = _scoped_form_class(formset.form, user)


def _scoped_form_class(form_class, user):
    if getattr(form_class, "_scoped_for", None) is user:
        return form_class

    def __init__(self, *args, **kwargs):
        form_class.__init__(self, *args, **kwargs)
        scope_form(self, user)

    return type(form_class.__name__, (form_class,), {"__init__": __init__, "_scoped_for": user})


class ScopedViewMixin:
    """Mixed into each view of a scoped viewset (see ``ScopedViewSetMixin``)."""

    def get_base_queryset(self):  # listings
        return scope_queryset(self.request.user, super().get_base_queryset())

    def get_object(self, *args, **kwargs):
        # Every single-object view (edit, delete, copy, inspect, history, usage…):
        # an object outside the person's scope is the 404 of an unknown address.
        obj = super().get_object(*args, **kwargs)
        if obj is None or _SCOPES.get(type(obj)) is None:
            return obj
        model = type(obj)
        in_scope = scope_queryset(self.request.user, model._default_manager.filter(pk=obj.pk))
        if not in_scope.exists():
            raise Http404
        return obj

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        scope_form(form, self.request.user)
        return form


class ScopedViewSetMixin:
    """First base of a ``ModelViewSet``/``SnippetViewSet`` whose views must follow the
    site's scope rule (the model's registered scope, and the form fields')."""

    scoped = True

    def construct_view(self, view_class, **kwargs):
        if not issubclass(view_class, ScopedViewMixin):
            view_class = type(f"Scoped{view_class.__name__}", (ScopedViewMixin, view_class), {})
        return super().construct_view(view_class, **kwargs)
