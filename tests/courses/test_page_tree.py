"""The page tree: catalogue → course → module → lesson, and nothing else."""

from django.apps import apps
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from content.models import HomePage, StandardPage
from courses.models import CatalogPage, CoursePage, LessonPage, ModulePage


class PageTreeRulesTests(WagtailPageTestCase):
    def test_catalogue_lives_under_the_home_page(self):
        self.assertAllowedParentPageTypes(CatalogPage, {HomePage})
        self.assertCanCreateAt(HomePage, CatalogPage)

    def test_catalogue_holds_only_courses(self):
        self.assertAllowedSubpageTypes(CatalogPage, {CoursePage})

    def test_course_holds_only_modules(self):
        self.assertAllowedParentPageTypes(CoursePage, {CatalogPage})
        self.assertAllowedSubpageTypes(CoursePage, {ModulePage})

    def test_module_holds_lessons_and_quizzes(self):
        quiz_page = apps.get_model("assessments", "QuizPage")
        self.assertAllowedParentPageTypes(ModulePage, {CoursePage})
        self.assertAllowedSubpageTypes(ModulePage, {LessonPage, quiz_page})

    def test_lessons_are_leaves_under_modules(self):
        self.assertAllowedParentPageTypes(LessonPage, {ModulePage})
        self.assertAllowedSubpageTypes(LessonPage, set())

    def test_course_pages_cannot_go_elsewhere(self):
        self.assertCanNotCreateAt(HomePage, CoursePage)
        self.assertCanNotCreateAt(StandardPage, LessonPage)
        self.assertCanNotCreateAt(Page, CatalogPage)
