"""Trainers author courses in the Wagtail admin."""

import pytest
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from courses.models import CoursePage, LessonPage, ModulePage

pytestmark = pytest.mark.django_db


def test_trainer_creates_a_course_module_and_lesson_in_the_admin(trainer_client, catalog):
    response = trainer_client.post(
        f"/admin/pages/add/courses/coursepage/{catalog.pk}/",
        nested_form_data(
            {
                "title": "Ascolto attivo",
                "slug": "ascolto-attivo",
                "summary": "Impara ad ascoltare.",
                "duration_hours": 4,
                "self_enrollment": "on",
                "body": streamfield([]),
                "tags": "ascolto",
                "competencies": "Ascolto attivo",
            }
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    course = CoursePage.objects.get(slug="ascolto-attivo")
    response = trainer_client.post(
        f"/admin/pages/add/courses/modulepage/{course.pk}/",
        nested_form_data({"title": "Modulo 1", "slug": "modulo-1"}),
    )
    assert response.status_code == 302
    module = ModulePage.objects.get(slug="modulo-1")
    response = trainer_client.post(
        f"/admin/pages/add/courses/lessonpage/{module.pk}/",
        nested_form_data(
            {
                "title": "Riformulare",
                "slug": "riformulare",
                "estimated_minutes": 10,
                "body": streamfield([("paragraph", rich_text("<p>Ripeti con parole tue.</p>"))]),
                "resources": streamfield([]),
                "activity_instructions": rich_text(""),
                "transcript": rich_text(""),
                "reflection_prompt": "Quando hai riformulato oggi?",
            }
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    lesson = LessonPage.objects.get(slug="riformulare")
    assert lesson.get_parent().pk == module.pk
    assert lesson.reflection_prompt == "Quando hai riformulato oggi?"


def test_admin_refuses_a_video_without_captions(trainer_client, course):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    video = Document(title="video")
    video.file.save("video.mp4", ContentFile(b"x"), save=False)
    video.save()
    module = ModulePage.objects.child_of(course).first()
    response = trainer_client.post(
        f"/admin/pages/add/courses/lessonpage/{module.pk}/",
        nested_form_data(
            {
                "title": "Video",
                "slug": "video",
                "estimated_minutes": 5,
                "video_file": video.pk,
                "body": streamfield([]),
                "resources": streamfield([]),
                "activity_instructions": rich_text(""),
                "transcript": rich_text("<p>Testo.</p>"),
            }
        ),
    )
    assert response.status_code == 200
    assert "Un file video ha bisogno di un file di sottotitoli (WebVTT)." in response.text
    assert not LessonPage.objects.filter(slug="video").exists()
