"""Quizzes live in modules and nowhere else."""

from wagtail.test.utils import WagtailPageTestCase

from assessments.models import QuizPage
from courses.models import ModulePage


class QuizPageTreeTests(WagtailPageTestCase):
    def test_quizzes_are_leaves_under_modules(self):
        self.assertAllowedParentPageTypes(QuizPage, {ModulePage})
        self.assertAllowedSubpageTypes(QuizPage, set())
