"""Trainee-facing quiz views: thin wrappers over services and selectors.

Every attempt URL is looked up together with the signed-in user, so another trainee's
attempt is a 404 for reading and for writing.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses import selectors as course_selectors
from lms.roles import is_staff_role

from . import grading, selectors
from .answer_tokens import mask_for
from .exceptions import AssessmentError, AttemptNotOpen, TimeIsUp
from .models import Attempt, QuizPage
from .services import (
    attempt_close_expired,
    attempt_create,
    attempt_save_answers,
    attempt_submit,
)


def _items(responses, *, review: bool = False) -> list[dict]:
    """What a template needs for each question; never marks nor feedback unless ``review``."""
    items = []
    for response in responses:
        data = response.version.data
        # Forms name choices by opaque per-attempt tokens, never by their keys.
        token = mask_for(response).token
        by_key = {option["key"]: option for option in data["answers"]}
        item = {
            "response": response,
            "position": response.position,
            "qtype": data["qtype"],
            "name": data["name"],
            "text": data["text"],
            "text_format": data["text_format"],
            "answer": response.answer,
            "field": f"q{response.position}",
        }
        if data["qtype"] in {"single_choice", "multiple_response", "likert"}:
            chosen = response.answer if isinstance(response.answer, list) else [response.answer]
            item["options"] = [
                {
                    "key": token("option", key),
                    "text": by_key[key]["text"],
                    "text_format": by_key[key]["text_format"],
                    "checked": key in chosen,
                }
                for key in response.order
                if key in by_key
            ]
        elif data["qtype"] == "true_false":
            item["options"] = [
                {"key": token("option", "true"), "text": _("True"), "text_format": "plain",
                 "checked": response.answer == "true"},
                {"key": token("option", "false"), "text": _("False"), "text_format": "plain",
                 "checked": response.answer == "false"},
            ]  # fmt: skip
        elif data["qtype"] == "matching":
            targets = {option["key"]: option for option in grading.matching_targets(data)}
            chosen = response.answer or {}
            item["stems"] = [
                {"key": token("stem", stem["key"]), "text": stem["text"],
                 "text_format": stem["text_format"],
                 "chosen": token("target", chosen[stem["key"]]) if stem["key"] in chosen else ""}
                for stem in grading.matching_stems(data)
            ]  # fmt: skip
            item["targets"] = [
                {"key": token("target", key), "text": targets[key]["match"]}
                for key in response.order
                if key in targets
            ]
        elif data["qtype"] == "ordering":
            ranks = {key: index for index, key in enumerate(response.answer or [], start=1)}
            item["items"] = [
                {"key": token("item", key), "text": by_key[key]["text"],
                 "text_format": by_key[key]["text_format"], "rank": ranks.get(key, index)}
                for index, key in enumerate(response.order, start=1)
                if key in by_key
            ]  # fmt: skip
            item["ranks"] = list(range(1, len(item["items"]) + 1))
        for number, option in enumerate(item.get("options", ()), start=1):
            # The input's id, built here: the template's forloop.counter goes through
            # number localisation three times per option, which adds up on a long quiz.
            option["id"] = f"{item['field']}-{number}"
        if review:
            item["fraction"] = grading.grade(data, response.answer)
            item["feedback"] = grading.feedback_for(data, response.answer)
            item["general_feedback"] = (data["general_feedback"], data["general_feedback_format"])
            item["correct"] = grading.correct_answer_texts(data)
            if data["qtype"] == "true_false":
                item["answer_label"] = {"true": _("True"), "false": _("False")}.get(
                    response.answer, ""
                )
        items.append(item)
    return items


def _answers_from_post(responses, post) -> dict:
    """Answers for the questions the form listed (blank ones clear the saved answer)."""
    listed = set(post.getlist("positions"))
    return {
        response.position: grading.answer_from_post(
            response.version.data, post, f"q{response.position}", mask_for(response)
        )
        for response in responses
        if str(response.position) in listed
    }


def quiz_serve(request, page: QuizPage):
    """The quiz's front page: introduction, past attempts and a start/continue button."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    # What selectors.quiz_open_to decides, reusing the enrolment read once for the lock.
    enrollment = course_selectors.enrollment_for_lesson(user=request.user, lesson=page)
    if enrollment is None and not is_staff_role(request.user):
        messages.info(request, _("Enrol in the course to take its quizzes."))
        course = page.get_parent().get_parent()
        return redirect(course.url)
    if course_selectors.step_locked_for(user=request.user, page=page, enrollment=enrollment):
        messages.info(request, _("Complete the previous module to open this quiz."))
        return redirect(page.get_parent().get_parent().url)
    now = timezone.now()
    open_attempt = selectors.open_attempt_for(quiz=page, user=request.user)
    if open_attempt is not None and not open_attempt.accepts_answers_at(now):
        attempt_close_expired(attempt=open_attempt, now=now)
        open_attempt = None
    if request.method == "POST":
        if open_attempt is not None:
            return redirect("assessments:attempt", pk=open_attempt.pk)
        try:
            attempt = attempt_create(quiz=page, user=request.user, now=now)
        except AssessmentError as error:
            messages.error(request, error.message)
            return redirect(page.url)
        return redirect("assessments:attempt", pk=attempt.pk)
    result = selectors.quiz_result_for(quiz=page, user=request.user)
    can_start = page.is_open(now) and (
        not page.max_attempts or result.attempts_used < page.max_attempts
    )
    return render(
        request,
        "assessments/quiz_page.html",
        {
            "page": page,
            "result": result,
            "open_attempt": open_attempt,
            "can_start": can_start or open_attempt is not None,
            "now": now,
        },
    )


def _attempt_or_404(request, pk: int) -> Attempt:
    attempt = selectors.attempt_for(user=request.user, pk=pk)
    if attempt is None:
        raise Http404
    return attempt


@login_required
def attempt_take(request, pk: int):
    """One page of an open attempt. POST saves it, then moves or submits."""
    attempt = _attempt_or_404(request, pk)
    now = timezone.now()
    if attempt.is_open and not attempt.accepts_answers_at(now):
        attempt_close_expired(attempt=attempt, now=now)
        messages.warning(request, _("Time ran out: the answers saved before the limit count."))
        return redirect("assessments:review", pk=attempt.pk)
    if not attempt.is_open:
        return redirect("assessments:review", pk=attempt.pk)
    pages = selectors.attempt_page_count(attempt=attempt)
    try:
        current = min(max(int(request.POST.get("page") or request.GET.get("page") or 1), 1), pages)
    except ValueError:
        current = 1
    responses = selectors.attempt_responses(attempt=attempt, page=current)
    if request.method == "POST":
        answers = _answers_from_post(responses, request.POST)
        if "finish" in request.POST:
            attempt = attempt_submit(attempt=attempt, answers=answers, now=now)
            if attempt.closed_by_timeout:
                messages.warning(
                    request, _("Time ran out: the answers saved before the limit count.")
                )
            return redirect("assessments:review", pk=attempt.pk)
        try:
            attempt_save_answers(attempt=attempt, answers=answers, now=now)
        except TimeIsUp as error:
            messages.warning(request, error.message)
            return redirect("assessments:review", pk=attempt.pk)
        except AttemptNotOpen:
            return redirect("assessments:review", pk=attempt.pk)
        target = (
            current + 1
            if "next" in request.POST
            else current - 1
            if "previous" in request.POST
            else current
        )
        target = min(max(target, 1), pages)
        return redirect(reverse("assessments:attempt", args=[attempt.pk]) + f"?page={target}")
    return render(
        request,
        "assessments/attempt.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "items": _items(responses),
            "current": current,
            "pages": pages,
            "page_numbers": range(1, pages + 1),
            "seconds_left": (
                max(0, int((attempt.deadline - now).total_seconds())) if attempt.deadline else None
            ),
        },
    )


@login_required
@require_POST
def attempt_autosave(request, pk: int):
    """Save the answers of one page (the JavaScript calls this as the trainee types)."""
    attempt = _attempt_or_404(request, pk)
    responses = selectors.attempt_responses(attempt=attempt)
    answers = _answers_from_post(responses, request.POST)
    try:
        changed = attempt_save_answers(attempt=attempt, answers=answers)
    except AssessmentError as error:
        return JsonResponse({"saved": False, "message": str(error.message)}, status=409)
    return JsonResponse({"saved": True, "changed": changed, "message": _("Answers saved.")})


@login_required
def attempt_review(request, pk: int):
    """A finished attempt, showing what the quiz's review options allow now."""
    attempt = _attempt_or_404(request, pk)
    if attempt.is_open:
        return redirect("assessments:attempt", pk=attempt.pk)
    quiz = attempt.quiz
    now = timezone.now()
    show = {
        "score": quiz.review_allows("review_score", now),
        "correctness": quiz.review_allows("review_correctness", now),
        "feedback": quiz.review_allows("review_feedback", now),
        "correct_answers": quiz.review_allows("review_correct_answers", now),
    }
    responses = selectors.attempt_responses(attempt=attempt)
    return render(
        request,
        "assessments/review.html",
        {
            "attempt": attempt,
            "quiz": quiz,
            "page": quiz,
            "show": show,
            "items": _items(responses, review=True),
            "result": selectors.quiz_result_for(quiz=quiz, user=request.user),
        },
    )
