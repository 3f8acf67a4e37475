"""Admin tools for trainers: import with preview, export, grading queue, statistics."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lms.i18n import direction, language_name, site_languages
from lms.roles import staff_required

from . import selectors, translations
from .exceptions import GradingError
from .forms import ExportForm, GradeForm, ImportForm
from .importers import QType, QuestionImportError
from .interchange import relative_category
from .models import PATH_SEPARATOR_CHAR, Attempt, QuestionType, QuizPage, Rubric
from .services import questions_export, questions_import, questions_read, response_grade


def _render(request, template, context, status=200):
    # Wagtail's generic base template titles the page with ``header_title``.
    context.setdefault("header_title", context.get("page_title", ""))
    return TemplateResponse(request, template, context, status=status)


@staff_required
def import_view(request):
    """Upload → preview (nothing saved) → confirm (saved all at once, or nothing)."""
    context = {"page_title": _("Import questions"), "header_icon": "upload"}
    if request.method != "POST":
        context["form"] = ImportForm()
        return _render(request, "assessments/admin/import.html", context)
    form = ImportForm(request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        return _render(request, "assessments/admin/import.html", context, status=400)
    data = form.cleaned_data
    text, fmt, category = data["text"], data["fmt"], data["category"]
    skip = data["skip_unsupported"]
    try:
        if "confirm" in request.POST:
            result = questions_import(
                text=text, fmt=fmt, category_path=category, user=request.user, skip_unsupported=skip
            )
            messages.success(
                request,
                _("Questions imported into “%(category)s”: %(summary)s.")
                % {"summary": result.summary, "category": result.categories[0].full_path},
            )
            for line in _report_lines(result.notes, result.skipped):
                messages.info(request, line)
            return redirect("assessments_import:import")
        read = questions_read(text=text, fmt=fmt, skip_unsupported=skip)
    except QuestionImportError as error:
        context["problems"] = error.messages
        return _render(request, "assessments/admin/import.html", context, status=400)
    form = ImportForm(
        initial={"text": text, "fmt": fmt, "category": category, "skip_unsupported": skip}
    )
    notes = [data["encoding_note"]] if data.get("encoding_note") else []
    context.update(
        {
            "form": form,
            "preview": _preview_rows(read.questions, category),
            "text": text,
            "report": _report_lines(notes + read.notes, read.skipped),
        }
    )
    return _render(request, "assessments/admin/import.html", context)


def _preview_rows(questions, category: str) -> list[dict]:
    """What each question will become: its type by name, the category it will be saved
    in (the chosen one, with the file's own categories below it) and its answers."""
    rows = []
    for question in questions:
        levels = relative_category(question.category)
        if question.qtype == QType.TRUE_FALSE:
            answers = 2  # "true" and "false", whatever the file says about them
        else:
            answers = (
                len(question.choices)
                + len(question.short_answers)
                + len(question.numerical_answers)
                + len(question.pairs)
            )
        rows.append(
            {
                "name": question.display_name,
                "type": QuestionType(question.qtype).label,
                "category": PATH_SEPARATOR_CHAR.join([category, *levels]),
                "answers": answers,
            }
        )
    return rows


def _report_lines(notes, skipped) -> list[str]:
    """The import report: what was read as Moodle reads it, and what was left out."""
    lines = [str(note) for note in notes]
    for problem in skipped:
        info = problem.unsupported
        lines.append(
            _("Skipped question %(number)d (%(type)s) “%(name)s”, line %(line)d")
            % {**info, "line": problem.line}
        )
    return lines


@staff_required
def export_view(request):
    """Download a category (and its subcategories) as GIFT or Moodle XML."""
    form = ExportForm(request.GET or None)
    if request.GET and form.is_valid():
        category, fmt = form.cleaned_data["category"], form.cleaned_data["fmt"]
        text, skipped = questions_export(category=category, fmt=fmt)
        extension, content_type = (
            ("gift.txt", "text/plain") if fmt == "gift" else ("xml", "application/xml")
        )
        response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
        name = slugify(category.full_path.replace("/", "-")) or "questions"
        response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
        response["X-Questions-Skipped"] = str(len(skipped))
        return response
    return _render(
        request,
        "assessments/admin/export.html",
        {"page_title": _("Export questions"), "header_icon": "download", "form": form},
    )


@staff_required
def grading_queue_view(request):
    """Essay answers waiting for this trainer, oldest first."""
    responses = list(selectors.grading_queue(user=request.user)[:200])
    return _render(
        request,
        "assessments/admin/grading_queue.html",
        {"page_title": _("Answers to grade"), "header_icon": "tasks", "responses": responses},
    )


@staff_required
def grade_view(request, pk: int):
    """Score one essay answer with its rubric and leave feedback."""
    response = selectors.response_for_grader(user=request.user, pk=pk)
    if response is None:
        raise Http404
    data = response.version.data
    rubric = (
        Rubric.objects.prefetch_related("criteria", "levels").filter(pk=data.get("rubric")).first()
    )
    form = GradeForm(
        request.POST or None,
        rubric=rubric,
        max_score=response.max_score,
        initial={"feedback": response.feedback},
    )
    if request.method == "POST" and form.is_valid():
        try:
            response_grade(
                response=response,
                grader=request.user,
                levels=form.levels() if rubric else None,
                score=form.cleaned_data.get("score"),
                feedback=form.cleaned_data["feedback"],
            )
        except GradingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Grade saved."))
            if "save_next" in request.POST:
                following = (
                    selectors.grading_queue(user=request.user).exclude(pk=response.pk).first()
                )
                if following is not None:
                    return redirect("assessments_grading:grade", pk=following.pk)
            return redirect("assessments_grading:queue")
    return _render(
        request,
        "assessments/admin/grade.html",
        {
            "page_title": _("Grade an answer"),
            "header_icon": "tasks",
            "response": response,
            "data": data,
            "form": form,
            "rubric": rubric,
        },
    )


@staff_required
def statistics_index_view(request):
    """Quizzes with graded attempts, linking to their item statistics."""
    graded = Attempt.objects.filter(state=Attempt.State.GRADED)
    learners = selectors.statistics_learners(request.user)
    if learners is not None:
        graded = graded.filter(user_id__in=learners)
    quizzes = QuizPage.objects.filter(pk__in=graded.values("quiz_id")).order_by("title")
    return _render(
        request,
        "assessments/admin/statistics_index.html",
        {"page_title": _("Quiz statistics"), "header_icon": "table", "quizzes": quizzes},
    )


@staff_required
def statistics_view(request, pk: int):
    """Facility, discrimination and answer frequencies per question of one quiz."""
    quiz = get_object_or_404(QuizPage, pk=pk)
    return _render(
        request,
        "assessments/admin/statistics.html",
        {
            "page_title": _("Quiz statistics"),
            "page_subtitle": quiz.title,
            "header_icon": "table",
            "quiz": quiz,
            "items": selectors.item_statistics(quiz=quiz, user=request.user),
            "scoped": selectors.statistics_learners(request.user) is not None,
        },
    )


# --- Question translations -------------------------------------------------------------


def _languages(request) -> list[str]:
    """The languages questions are translated into, or the one asked for (``?language=``)."""
    others = [code for code in site_languages() if code != translations.source_language()]
    asked = request.GET.get("language")
    return [asked] if asked in others else others


@staff_required
def question_translations_view(request, course_pk: int):
    """Every question of a course the user may translate, with its state per language."""
    from courses.selectors import translatable_courses

    course = get_object_or_404(translatable_courses(request.user), pk=course_pk)
    languages = _languages(request)
    rows = translations.question_rows(course, languages)
    return _render(
        request,
        "assessments/admin/question_translations.html",
        {
            "course": course,
            "languages": [(code, language_name(code)) for code in languages],
            "rows": [
                {**row, "cells": [(code, row["states"][code]) for code in languages]}
                for row in rows
            ],
            "page_title": _("Questions of %(course)s: translations") % {"course": course.title},
            "header_icon": "globe",
        },
    )


@staff_required
def question_translate_view(request, pk: int, language: str):
    """The source question on one side, the fields for ``language`` on the other."""
    from .models import Question, QuestionTranslation

    question = get_object_or_404(Question.objects.prefetch_related("answers"), pk=pk)
    if language == translations.source_language() or language not in site_languages():
        raise Http404
    if not translations.question_translatable_by(request.user, question):
        raise Http404
    data = translations.source_data(question)
    made = QuestionTranslation.objects.filter(question=question, language=language).first()
    if request.method == "POST":
        texts = {name: request.POST.get(name, "") for name in translations.QUESTION_FIELDS}
        texts["answers"] = {
            answer["key"]: {
                name: request.POST.get(f"answer-{answer['key']}-{name}", "")
                for name in translations.answer_fields(data)
            }
            for answer in data["answers"]
        }
        translations.question_translation_save(
            question=question, language=language, texts=texts, user=request.user
        )
        messages.success(
            request,
            _("Translation into %(language)s saved.") % {"language": language_name(language)},
        )
        return redirect(request.path)
    fields = translations.answer_fields(data)
    saved = made.answers if made else {}
    labels = {"text": _("Answer"), "match": _("Matching answer"), "feedback": _("Feedback")}
    question_labels = {
        "text": _("Question text"),
        "general_feedback": _("General feedback"),
        "feedback_true": _("Feedback for “true”"),
        "feedback_false": _("Feedback for “false”"),
    }
    return _render(
        request,
        "assessments/admin/question_translate.html",
        {
            "question": question,
            "language": language,
            "source_language": translations.source_language(),
            "language_name": language_name(language),
            "direction": direction(language),
            "state": translations.translation_state(data, made),
            "question_fields": [
                (name, question_labels[name], data[name], getattr(made, name, ""))
                for name in translations.QUESTION_FIELDS
                if data[name]
            ],
            "answers": [
                [
                    (
                        f"answer-{answer['key']}-{name}",
                        labels[name],
                        answer.get(name) or "",
                        saved.get(answer["key"], {}).get(name, ""),
                    )
                    for name in fields
                    if answer.get(name)
                ]
                for answer in data["answers"]
            ],  # fmt: skip
            "page_title": _("Translate “%(question)s” into %(language)s")
            % {"question": question.name, "language": language_name(language)},
            "header_icon": "globe",
        },
    )
