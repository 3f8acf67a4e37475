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
from lms.i18n import active_language, canonical_page, canonical_pk, language_name, localized
from lms.roles import is_staff_role

from . import grading, selectors
from .answer_tokens import mask_for
from .exceptions import AssessmentError, AttemptNotOpen, TimeIsUp
from .models import Attempt, Question, QuizPage
from .services import (
    attempt_close_expired,
    attempt_create,
    attempt_flags_save,
    attempt_save_answers,
    attempt_submit,
)
from .translations import source_language, translated_data, translations_for


def _audio_explanations(question_ids) -> dict:
    """The trainers' recorded explanations of these questions (one query): question id
    → {"url", "type", "transcript"}."""
    from lms.audio import audio_type

    questions = Question.objects.filter(
        pk__in=question_ids, audio_explanation__isnull=False
    ).select_related("audio_explanation")
    return {
        q.pk: {
            "url": q.audio_explanation.url,
            "type": audio_type(q.audio_explanation),
            "transcript": q.audio_transcript,
        }
        for q in questions
    }


def _items(responses, *, review: bool = False) -> list[dict]:
    """What a template needs for each question; never marks nor feedback unless ``review``.

    Texts are in the reader's language when a translation of exactly the version
    answered exists, else in the source language, marked with its ``lang``/``dir``;
    marks always come from the canonical version.
    """
    items = []
    language = active_language()
    translations = translations_for([r.version.question_id for r in responses], language)
    audio = _audio_explanations([r.version.question_id for r in responses])
    for response in responses:
        canonical = response.version.data
        shown = translated_data(canonical, translations.get(response.version.question_id))
        data = shown or canonical
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
            "lang": language if shown or language == source_language() else source_language(),
        }
        item["fallback"] = item["lang"] != language
        item["lang_name"] = language_name(item["lang"], in_sentence=True)
        item["audio"] = audio.get(response.version.question_id)
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
            item["fraction"] = grading.grade(canonical, response.answer)
            item["feedback"] = grading.feedback_for(data, response.answer)
            item["general_feedback"] = (data["general_feedback"], data["general_feedback_format"])
            item["correct"] = grading.correct_answer_texts(data)
            if "options" in item:
                item["chosen_texts"] = [o["text"] for o in item["options"] if o["checked"]]
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


def _flags_from_post(responses, post) -> dict[int, bool]:
    """ "Flag for later" for the questions the form listed (unticked boxes clear the flag)."""
    listed = set(post.getlist("positions"))
    flagged = set(post.getlist("flagged"))
    return {
        response.position: str(response.position) in flagged
        for response in responses
        if str(response.position) in listed
    }


def _strip(states, current: int) -> dict:
    """The question strip and the counts the summary gives."""
    unanswered = [s for s in states if not s.answered and not s.informational]
    return {
        "states": states,
        "current_positions": {s.position for s in states if s.page == current},
        "unanswered": unanswered,
        "unanswered_count": len(unanswered),
        "flagged_count": sum(s.flagged for s in states),
        "first_unanswered": unanswered[0] if unanswered else None,
    }


def _seconds_left(attempt, now) -> int | None:
    if attempt.deadline is None:
        return None
    return max(0, int((attempt.deadline - now).total_seconds()))


def quiz_serve(request, page: QuizPage):
    """The quiz's front page: introduction, past attempts and a start/continue button.

    ``page`` is the quiz as read (a translation, or the original served under the
    reader's language); attempts, the attempt limit and grades always belong to the
    original, so that a quiz taken in Arabic and in Italian is one quiz.
    """
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    # The original (no query when it is the page itself: the usual case).
    shown = page
    if canonical_pk(page) != page.pk:
        page = canonical_page(page)
    # What selectors.quiz_open_to decides, reusing the enrolment read once for the lock.
    enrollment = course_selectors.enrollment_for_lesson(user=request.user, lesson=page)
    if enrollment is None and not is_staff_role(request.user):
        messages.info(request, _("Enrol in the course to take its quizzes."))
        course = page.get_parent().get_parent().specific
        return redirect(course.get_url(request))
    if course_selectors.step_locked_for(user=request.user, page=page, enrollment=enrollment):
        messages.info(request, _("Complete the previous module to open this quiz."))
        return redirect(page.get_parent().get_parent().specific.get_url(request))
    now = timezone.now()
    # One read of the person's attempts: the open one, how many were used, the grade.
    attempts = selectors.attempts_of(quiz=page, user=request.user)
    open_attempt = next((a for a in attempts if a.state == Attempt.State.IN_PROGRESS), None)
    if open_attempt is not None and not open_attempt.accepts_answers_at(now):
        attempt_close_expired(attempt=open_attempt, now=now)
        open_attempt = None
        attempts = selectors.attempts_of(quiz=page, user=request.user)  # one was graded
    if request.method == "POST":
        if open_attempt is not None:
            return redirect("assessments:attempt", pk=open_attempt.pk)
        try:
            attempt = attempt_create(quiz=page, user=request.user, now=now, used=len(attempts))
        except AssessmentError as error:
            messages.error(request, error.message)
            return redirect(shown.get_url(request))
        return redirect("assessments:attempt", pk=attempt.pk)
    result = selectors.quiz_result_for(quiz=page, user=request.user, attempts=attempts)
    can_start = page.is_open(now) and (
        not page.max_attempts or result.attempts_used < page.max_attempts
    )
    return render(
        request,
        "assessments/quiz_page.html",
        {
            **_quiz_context(shown),
            "quiz": page,
            "result": result,
            "open_attempt": open_attempt,
            "can_start": can_start or open_attempt is not None,
            "now": now,
        },
    )


def _quiz_context(page: QuizPage, *, live: bool = True) -> dict:
    """Where the quiz sits (module and course, for the breadcrumb) and what it holds.

    For a live quiz, kept in the cache under the tree's and sites' versions (the slots
    are saved with the page: a new revision published makes a new version); a preview
    (an unsaved revision) is read every time."""
    from lms import caching
    from lms.i18n import remember_own_url_parts

    def read():
        module = page.get_parent()
        course = module.get_parent() if module else None
        remember_own_url_parts([p for p in (module, course) if p is not None])
        return module, course, page.question_count

    if live:
        module, course, count = caching.remember(
            lambda: "lms:quiz-context:{}:{}:{}".format(*caching.tree_and_sites_version(), page.pk),
            read,
            local=("pages", "sites"),
        )
    else:
        module, course, count = read()
    return {"page": page, "module": module, "course": course, "question_count": count}


def quiz_preview(request, page: QuizPage):
    """The quiz's front page as a learner sees it before the first attempt (the admin's
    preview: the admin has checked access; nothing can be started from here)."""
    result = selectors.QuizResult(quiz=page, attempts=[], percent=None, passed=None, pending=False)
    return render(
        request,
        "assessments/quiz_page.html",
        {
            **_quiz_context(page, live=False),
            "result": result,
            "can_start": True,
            "is_preview": True,
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
        if "finish" in request.POST and request.POST.get("confirm") == "1":
            # Only the summary page's button submits: it has shown what is unanswered.
            attempt = attempt_submit(attempt=attempt, answers=answers, now=now)
            if attempt.closed_by_timeout:
                messages.warning(
                    request, _("Time ran out: the answers saved before the limit count.")
                )
            return redirect("assessments:review", pk=attempt.pk)
        try:
            attempt_save_answers(attempt=attempt, answers=answers, now=now)
            attempt_flags_save(attempt=attempt, flags=_flags_from_post(responses, request.POST))
        except TimeIsUp as error:
            messages.warning(request, error.message)
            return redirect("assessments:review", pk=attempt.pk)
        except AttemptNotOpen:
            return redirect("assessments:review", pk=attempt.pk)
        if "finish" in request.POST or "summary" in request.POST:
            return redirect("assessments:summary", pk=attempt.pk)
        anchor = ""
        if "goto" in request.POST:
            # A button of the question strip: its value is the question's position.
            states = {s.position: s for s in selectors.attempt_question_states(attempt=attempt)}
            try:
                state = states[int(request.POST["goto"])]
            except (KeyError, ValueError):
                state = None
            target = state.page if state else current
            anchor = f"#question-{state.position}" if state else ""
        elif "next" in request.POST:
            target = current + 1
        elif "previous" in request.POST:
            target = current - 1
        else:
            target = current
        target = min(max(target, 1), pages)
        url = reverse("assessments:attempt", args=[attempt.pk])
        return redirect(f"{url}?page={target}{anchor}")
    return render(
        request,
        "assessments/attempt.html",
        {
            "attempt": attempt,
            "quiz": localized(attempt.quiz),
            "items": _items(responses),
            "flagged": {response.position for response in responses if response.flagged},
            "current": current,
            "pages": pages,
            "seconds_left": _seconds_left(attempt, now),
            **_strip(selectors.attempt_question_states(attempt=attempt), current),
        },
    )


@login_required
def attempt_summary(request, pk: int):
    """Before submitting: every question answered, unanswered or flagged, with the way
    back to each, and the one button that submits (the confirmation)."""
    attempt = _attempt_or_404(request, pk)
    now = timezone.now()
    if attempt.is_open and not attempt.accepts_answers_at(now):
        attempt_close_expired(attempt=attempt, now=now)
        messages.warning(request, _("Time ran out: the answers saved before the limit count."))
        return redirect("assessments:review", pk=attempt.pk)
    if not attempt.is_open:
        return redirect("assessments:review", pk=attempt.pk)
    return render(
        request,
        "assessments/summary.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "seconds_left": _seconds_left(attempt, now),
            **_strip(selectors.attempt_question_states(attempt=attempt), 0),
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
        attempt_flags_save(attempt=attempt, flags=_flags_from_post(responses, request.POST))
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
    context = _quiz_context(quiz)
    following = None
    if context["course"] is not None:
        enrollment = course_selectors.enrollment_for(user=request.user, course=context["course"])
        outline = course_selectors.course_outline_for(
            course=context["course"].specific, user=request.user, enrollment=enrollment
        )
        following = outline.neighbours(quiz)[1]
    passed = None
    if attempt.state == Attempt.State.GRADED and attempt.percent is not None:
        passed = attempt.percent >= quiz.pass_mark
    shown = localized(quiz)
    return render(
        request,
        "assessments/review.html",
        {
            **context,
            "attempt": attempt,
            "quiz": shown,
            "page": shown,
            "show": show,
            "items": _items(responses, review=True),
            "result": selectors.quiz_result_for(quiz=quiz, user=request.user),
            "passed": passed,
            "following": following if following is not None and not following.locked else None,
        },
    )
