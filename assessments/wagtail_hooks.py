"""Admin wiring for the assessments app; each area registers its own viewsets."""

from assessments.competencies import wagtail_hooks as competencies_hooks  # noqa: F401
