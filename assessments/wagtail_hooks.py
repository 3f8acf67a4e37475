"""Admin wiring: the question bank, rubrics and the trainers' quiz tools, in one menu."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.generic.models import CreateView, EditView, IndexView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from lms import admin_scope
from lms import hooks as lms_hooks
from lms.menu import RoleMenuItem
from lms.roles import STAFF_ROLES

from . import admin_views, calendar_events, lab_evidence, selectors
from . import translations as question_translations
from .models import Question, QuestionCategory, Rubric
from .personal_data import assessments_personal_data
from .services import question_version_sync


class QuestionCreateView(CreateView):
    def save_instance(self):
        instance = super().save_instance()
        question_version_sync(question=instance)
        return instance


class QuestionEditView(EditView):
    def save_instance(self):
        # Editing a question someone answered makes a new version (see the service).
        instance = super().save_instance()
        question_version_sync(question=instance)
        return instance


class QuestionIndexView(IndexView):
    def get_base_queryset(self):
        # The category column would otherwise cost a query per row.
        return super().get_base_queryset().select_related("category")


class QuestionCategoryViewSet(admin_scope.ScopedViewSetMixin, ModelViewSet):
    model = QuestionCategory
    icon = "folder-open-inverse"
    menu_label = _("Categories")
    # The tree reads best as full paths.
    list_display = ["full_path", "description"]
    search_fields = ["full_path"]
    add_to_admin_menu = False


class QuestionViewSet(admin_scope.ScopedViewSetMixin, ModelViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions")
    # Columns trainers scan for: what, where, which type.
    list_display = ["name", "category", "qtype", "updated_at"]
    list_filter = ["qtype", "category"]
    search_fields = ["name", "text"]
    # Django's own filtering (icontains) rather than Wagtail's search backend: the
    # SQLite full-text backend cannot search named fields ("no such column: name").
    search_backend_name = None
    index_view_class = QuestionIndexView
    add_view_class = QuestionCreateView
    edit_view_class = QuestionEditView
    add_to_admin_menu = False


class RubricViewSet(admin_scope.ScopedViewSetMixin, ModelViewSet):
    model = Rubric
    icon = "list-ul"
    menu_label = _("Rubrics")
    list_display = ["name"]
    search_fields = ["name"]
    add_to_admin_menu = False


class ToolViewSet(ViewSet):
    """A few plain admin views behind one menu entry, shown to trainers and coordinators."""

    def get_menu_item(self, order=None):
        return RoleMenuItem(
            label=self.menu_label,
            url=self.menu_url,
            name=self.menu_name,
            icon_name=self.menu_icon,
            order=order if order is not None else self.menu_order,
            roles=STAFF_ROLES,
        )


class ImportViewSet(ToolViewSet):
    name = "assessments_import"
    url_prefix = "assessments/import"
    icon = "upload"
    menu_label = _("Import questions")

    def get_urlpatterns(self):
        return [path("", admin_views.import_view, name="import")]


class ExportViewSet(ToolViewSet):
    name = "assessments_export"
    url_prefix = "assessments/export"
    icon = "download"
    menu_label = _("Export questions")

    def get_urlpatterns(self):
        return [path("", admin_views.export_view, name="export")]


class GradingViewSet(ToolViewSet):
    name = "assessments_grading"
    url_prefix = "assessments/grading"
    icon = "tasks"
    menu_label = _("Answers to grade")

    def get_urlpatterns(self):
        return [
            path("", admin_views.grading_queue_view, name="queue"),
            path("<int:pk>/", admin_views.grade_view, name="grade"),
        ]


class StatisticsViewSet(ToolViewSet):
    name = "assessments_statistics"
    url_prefix = "assessments/statistics"
    icon = "table"
    menu_label = _("Quiz statistics")

    def get_urlpatterns(self):
        return [
            path("", admin_views.statistics_index_view, name="index"),
            path("<int:pk>/", admin_views.statistics_view, name="quiz"),
        ]


class AssessmentsViewSetGroup(ViewSetGroup):
    menu_label = _("Question bank")
    menu_icon = "help"
    menu_order = 300
    items = (
        QuestionViewSet("assessments_questions", url_prefix="assessments/questions"),
        QuestionCategoryViewSet("assessments_categories", url_prefix="assessments/categories"),
        RubricViewSet("assessments_rubrics", url_prefix="assessments/rubrics"),
        ImportViewSet(),
        ExportViewSet(),
        GradingViewSet(),
        StatisticsViewSet(),
    )


@hooks.register("register_admin_viewset")
def register_assessments_viewsets():
    return AssessmentsViewSetGroup()


# --- Extension points (declared in lms/hooks.py) ---------------------------------

# Quizzes appear in course outlines and on the dashboard with the trainee's standing.
hooks.register(lms_hooks.COURSES_OUTLINE_ACTIVITIES, selectors.outline_quiz_statuses)

# A facilitator's recognition of a lab contribution becomes competency evidence.
hooks.register(lms_hooks.LAB_COMPETENCY_OPTIONS, lab_evidence.lab_competency_options)
hooks.register(lms_hooks.LAB_CONTRIBUTION_RECOGNISED, lab_evidence.record_recognition)


@hooks.register(lms_hooks.PERSONAL_DATA_SECTIONS)
def register_personal_data(*, user):
    return {"assessments": assessments_personal_data(user)}


# Competencies register their own viewsets, menu items and hooks.
from assessments.competencies import wagtail_hooks as competencies_hooks  # noqa: E402, F401

# Questions are translated outside the page tree: counted on the Translations screen.
hooks.register(lms_hooks.COURSES_TRANSLATION_ITEMS, question_translations.translation_items)
hooks.register(lms_hooks.CALENDAR_EVENTS, calendar_events.quiz_deadline_events)


@hooks.register(lms_hooks.OFFLINE_MEDIA)
def offline_question_audio(*, pages):
    from .offline import question_audio_for_offline

    return question_audio_for_offline(pages=pages)


@hooks.register("register_admin_urls")
def register_question_translation_urls():
    return [
        path(
            "translations/<int:course_pk>/questions/",
            admin_views.question_translations_view,
            name="assessments_question_translations",
        ),
        path(
            "translations/questions/<int:pk>/<str:language>/",
            admin_views.question_translate_view,
            name="assessments_question_translate",
        ),
    ]


def _warn_if_practice_reveals_graded(request, page) -> None:
    from django.contrib import messages
    from django.utils.translation import gettext

    from .models import QuizPage

    page = page.specific
    if not isinstance(page, QuizPage):
        return
    shared = selectors.graded_quizzes_sharing_categories(page)
    if not shared:
        return
    text = gettext(
        "This practice quiz shows the correct answers right after each attempt and draws from "
        "a question category that a graded quiz also uses (%(quizzes)s): trying it again and "
        "again reveals the graded quiz's answers. Use separate categories or show the correct "
        "answers only after the quiz closes."
    ) % {"quizzes": ", ".join(f"“{quiz.title}”" for quiz in shared)}
    if not any(message.message == text for message in messages.get_messages(request)):
        messages.warning(request, text)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_after_saving_a_practice_quiz(request, page):
    _warn_if_practice_reveals_graded(request, page)


@hooks.register("before_edit_page")
def warn_when_editing_a_practice_quiz(request, page):
    if request.method == "GET":
        _warn_if_practice_reveals_graded(request, page)


@hooks.register(lms_hooks.NOTIFICATIONS_DUE)
def quiz_closing_due(*, now):
    from .reminders import quiz_closing_due as due

    return due(now=now)
