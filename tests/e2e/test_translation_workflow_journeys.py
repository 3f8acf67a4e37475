"""The trainers' translation workflow in the admin (issue 14, item 4), walked in a
browser with axe on every screen: the coverage dashboard, a course's pages with their
state per language, Wagtail's Translate action making the French copy of a lesson, the
copy's editor, the course's questions and the side-by-side translation of a question."""

import pytest
from django.urls import reverse

from assessments.services import questions_import
from courses.models import LessonPage, ModulePage
from tests.assessments.conftest import BANK_GIFT, make_quiz
from tests.courses.factories import make_catalog, make_cohort, make_course, translate_tree

from .conftest import assert_accessible, visit
from .test_admin_accessibility import _log_in

pytestmark = pytest.mark.django_db(transaction=True)


def _page_workflow():
    """The page workflow of the migrations (coordinators approve), which an earlier
    transactional test's flush removes (Wagtail's own migration cannot be replayed)."""
    from django.contrib.auth.models import Group
    from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

    if WorkflowPage.objects.exists():
        return
    workflow = Workflow.objects.create(name="Flusso di lavoro predefinito")
    task = GroupApprovalTask.objects.create(name="Revisione editoriale")
    task.groups.set([Group.objects.get(name="coordinator")])
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=Page.get_first_root_node())


def _course_half_in_french(home_page, trainer):
    """A course the trainer trains, in French but for its lesson and its quiz."""
    _page_workflow()
    catalog = make_catalog(home_page)
    course = make_course(catalog, title="Corso di prova", modules=1, lessons=1)
    make_cohort(course, trainers=[trainer])
    translate_tree(catalog, "fr", suffix=" (FR)")
    lesson = LessonPage.objects.descendant_of(course).get()
    LessonPage.objects.get(
        translation_key=lesson.translation_key, locale__language_code="fr"
    ).delete()
    questions = questions_import(text=BANK_GIFT, fmt="gift", category_path="Prova").questions
    make_quiz(ModulePage.objects.child_of(course).get(), questions[:2], title="Verifica")
    return course, lesson, questions[0]


def test_a_trainer_translates_a_lesson_and_a_question_from_the_translations_screens(
    page, home_page, trainer
):
    course, lesson, question = _course_half_in_french(home_page, trainer)
    _log_in(page, trainer)

    # The coverage dashboard: the course, with its share per language.
    visit(page, reverse("courses_translations"))
    page.get_by_role("link", name="Corso di prova").first.click()
    assert_accessible(page)
    assert page.url.endswith(f"/admin/translations/{course.pk}/")

    # The lesson is missing in French: its "Translate" link opens Wagtail's action.
    page.locator(f"a[href='/admin/translation/submit/page/{lesson.pk}/']").first.click()
    assert_accessible(page)
    # The locale's name is in the admin's language (Italian for this trainer).
    ticked = page.locator("input[name='locales']").evaluate_all(
        """(boxes, names) => boxes.some((box) => {
            const label = box.closest("label") || document.querySelector(`label[for="${box.id}"]`);
            if (!box.disabled && label && names.includes(label.innerText.trim())) {
                box.click();
                return true;
            }
            return false;
        })""",
        ["Francese", "French", "Français"],
    )
    assert ticked, "French is not offered"
    page.locator("main form:has(input[name='locales']) [type='submit']").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    copy = LessonPage.objects.get(
        translation_key=lesson.translation_key, locale__language_code="fr"
    )
    assert f"/admin/pages/{copy.pk}/edit/" in page.url  # the copy's editor, side by side
    # The trainer writes the French title and submits the copy for review (trainers do
    # not publish: a coordinator approves it, as for any page).
    page.locator("#id_title").fill("Leçon en français")
    # "Submit to review" sits in the footer's dropdown: press it as the menu would.
    with page.expect_navigation():
        page.locator("button[name='action-submit']").first.evaluate(
            "(button) => button.form.requestSubmit(button)"
        )
    assert_accessible(page)
    copy.refresh_from_db()
    assert copy.get_latest_revision().content["title"] == "Leçon en français"
    assert copy.current_workflow_state and copy.current_workflow_state.status == "in_progress"
    assert not copy.live

    # Back on the course's screen the French lesson exists now (in review, not live yet).
    visit(page, reverse("courses_course_translations", args=[course.pk]))

    # Questions: the course's quiz asks two; the first is missing in Arabic.
    visit(page, reverse("assessments_question_translations", args=[course.pk]))
    page.locator(
        f"a[href='{reverse('assessments_question_translate', args=[question.pk, 'ar'])}']"
    ).click()
    assert_accessible(page)
    stem = page.locator("#id_text")
    assert stem.get_attribute("lang") == "ar" and stem.get_attribute("dir") == "rtl"
    stem.fill("ما هي عاصمة إيطاليا؟")
    page.get_by_role("button", name="Salva la traduzione").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    assert question.translations.get(language="ar").text == "ما هي عاصمة إيطاليا؟"
    visit(page, reverse("assessments_question_translations", args=[course.pk]))
    row = page.locator("tr", has_text=question.name)
    assert "Aggiornata" in row.inner_text()
