"""Steps of a module other than lessons (quizzes, for instance), described by their apps.

A module's outline lists every live child page in tree order. Courses knows lessons;
for any other page type it makes an :class:`ActivityItem` and asks the Wagtail hook
``courses_outline_activities`` to fill in what the trainee's standing is, so that
courses never imports the apps built on it (assessments registers the hook in its
``wagtail_hooks``)::

    @hooks.register("courses_outline_activities")
    def describe(*, user, items):  # items: list[ActivityItem] of every page type
        ...  # set item.template_name for your pages; with a user, status and waiting

``user`` is None when the outline is read for nobody in particular (a visitor, a
report): then a hook sets only the template. A hook must run a fixed number of
queries, whatever the number of items.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from wagtail import hooks
from wagtail.models import Page

from lms import hooks as lms_hooks

HOOK = lms_hooks.COURSES_OUTLINE_ACTIVITIES  # declared, with its arguments, in lms/hooks.py


@dataclass
class ActivityItem:
    """A step that is not a lesson; ``status`` and ``template_name`` come from its app."""

    page: Page
    locked: bool = False
    status: Any = None
    #: True while the step waits for the trainee (not started, or started and unfinished).
    waiting: bool = False
    #: Renders the row (an ``<li>``) with ``item`` in the context.
    template_name: str = "courses/includes/activity_row.html"

    is_lesson = False

    @property
    def done(self) -> bool:
        return False

    @property
    def to_do(self) -> bool:
        return self.waiting and not self.locked


def step_models() -> dict[int, str]:
    """{content type id: accessor from Page} for each page type a module may hold.

    Only direct subclasses of Page (all of them are), so one query with
    ``select_related`` on these accessors returns every step as its specific class.
    """
    from .models import ModulePage

    models = [model for model in ModulePage.allowed_subpage_models() if Page in model._meta.parents]
    content_types = ContentType.objects.get_for_models(*models)  # cached per process
    return {
        content_types[model].pk: model._meta.parents[Page].remote_field.get_accessor_name()
        for model in models
    }


def describe_activities(*, user, items: list[ActivityItem]) -> None:
    """Let the apps that own the pages of ``items`` describe them for ``user``."""
    if not items:
        return
    for hook in hooks.get_hooks(HOOK):
        hook(user=user, items=items)
