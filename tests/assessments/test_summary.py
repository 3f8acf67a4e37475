"""Before submitting: the question strip, "flag for later", the summary and its
confirmation. One tap on page 1 of 3 no longer grades the attempt."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from assessments.models import Attempt
from assessments.selectors import attempt_question_states
from tests.assessments.conftest import make_quiz
from tests.assessments.helpers import form_data, it, merge, right_answer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _italian():
    with translation.override("it"):
        yield


@pytest.fixture
def paged_quiz(section, bank):
    """Seven questions, three per page: pages 1, 2 and 3."""
    return make_quiz(section, list(bank.values()), title="Quiz a pagine", questions_per_page=3)


def _start(client, quiz) -> Attempt:
    client.post(quiz.url)
    return Attempt.objects.get(quiz=quiz, state="in_progress")


def _url(attempt, name="assessments:attempt"):
    return reverse(name, args=[attempt.pk])


def _page_post(attempt, page, *, answer=True, extra=None):
    responses = attempt.responses.select_related("version").filter(page=page)
    return merge(
        *(form_data(r, right_answer(r) if answer else None) for r in responses),
        {"page": str(page)},
        extra or {},
    )


def test_finish_without_the_summary_only_saves_and_shows_the_summary(
    trainee_client, paged_quiz, enrolled
):
    """The old one-tap "finish" on page 1 now leads to the summary; nothing is graded."""
    attempt = _start(trainee_client, paged_quiz)
    response = trainee_client.post(_url(attempt), _page_post(attempt, 1, extra={"finish": ""}))
    assert response["Location"] == _url(attempt, "assessments:summary")
    attempt.refresh_from_db()
    assert attempt.is_open
    assert attempt.responses.exclude(answer=None).count() == 3  # page 1 was saved


def test_the_summary_counts_unanswered_questions_and_leads_back_to_the_first(
    trainee_client, paged_quiz, enrolled
):
    attempt = _start(trainee_client, paged_quiz)
    trainee_client.post(_url(attempt), _page_post(attempt, 1, extra={"summary": ""}))
    html = trainee_client.get(_url(attempt, "assessments:summary")).content.decode()
    assert (
        it("%(counter)s question unanswered", "%(counter)s questions unanswered", 4, counter=4)
        in html
    )
    assert f'href="{_url(attempt)}?page=2#question-4"' in html  # the first one unanswered
    assert 'name="confirm" value="1"' in html
    assert it("After you submit you cannot change your answers.") in html


def test_confirming_on_the_summary_submits_and_grades(trainee_client, paged_quiz, enrolled):
    attempt = _start(trainee_client, paged_quiz)
    for page in (1, 2, 3):
        trainee_client.post(_url(attempt), _page_post(attempt, page, extra={"next": ""}))
    assert (
        it("Every question has an answer.")
        in trainee_client.get(_url(attempt, "assessments:summary")).content.decode()
    )
    response = trainee_client.post(_url(attempt), {"finish": "", "confirm": "1"})
    assert response["Location"] == _url(attempt, "assessments:review")
    attempt.refresh_from_db()
    assert attempt.state in {Attempt.State.GRADED, Attempt.State.NEEDS_GRADING}


def test_flag_for_later_is_kept_shown_in_the_strip_and_cleared_when_unticked(
    trainee_client, paged_quiz, enrolled
):
    attempt = _start(trainee_client, paged_quiz)
    trainee_client.post(
        _url(attempt), _page_post(attempt, 1, answer=False, extra={"flagged": ["2"], "save": ""})
    )
    assert [s.position for s in attempt_question_states(attempt=attempt) if s.flagged] == [2]
    html = trainee_client.get(_url(attempt)).content.decode()
    assert re.search(r'id="flag-2"\s+checked', html)
    assert "qstrip__item--flagged" in html
    summary = trainee_client.get(_url(attempt, "assessments:summary")).content.decode()
    assert it("flagged") in summary
    # Autosave carries the flag too; unticking clears it.
    trainee_client.post(_url(attempt, "assessments:autosave"), _page_post(attempt, 1, answer=False))
    assert not any(s.flagged for s in attempt_question_states(attempt=attempt))


def test_the_strip_shows_each_question_state_and_jumps_to_it(trainee_client, paged_quiz, enrolled):
    attempt = _start(trainee_client, paged_quiz)
    trainee_client.post(_url(attempt), _page_post(attempt, 1, extra={"save": ""}))
    html = trainee_client.get(_url(attempt)).content.decode()
    strip = html[html.index('class="qstrip"') : html.index("</nav>", html.index('class="qstrip"'))]
    assert strip.count("qstrip__item--answered") == 3
    assert strip.count(it("unanswered")) >= 4
    response = trainee_client.post(_url(attempt), _page_post(attempt, 1, extra={"goto": "5"}))
    assert response["Location"] == f"{_url(attempt)}?page=2#question-5"


def test_finishing_is_the_secondary_action_until_the_last_page(
    trainee_client, paged_quiz, enrolled
):
    attempt = _start(trainee_client, paged_quiz)

    def finish_button(page):
        html = trainee_client.get(f"{_url(attempt)}?page={page}").content.decode()
        return re.search(r'<button type="submit" name="summary" class="([^"]+)"', html).group(1)

    assert "button--secondary" in finish_button(1)
    assert "button--secondary" in finish_button(2)
    assert "button--secondary" not in finish_button(3)


def test_the_review_shows_every_answer_the_verdict_and_the_next_step(
    trainee_client, paged_quiz, enrolled
):
    """Numerical, short and essay answers read as typed; one choice has no stray ";"."""
    attempt = _start(trainee_client, paged_quiz)
    answers = {}
    for response in attempt.responses.select_related("version"):
        qtype = response.version.data["qtype"]
        if qtype == "numerical":
            answers.update(form_data(response, "1946"))
        elif qtype == "short_answer":
            answers.update(form_data(response, "Puglia del nord"))
        elif qtype == "essay":
            answers.update(form_data(response, "Ascolto senza interrompere"))
        elif qtype == "single_choice":
            answers.update(form_data(response, right_answer(response)))
    for page in (1, 2, 3):
        positions = [str(r.position) for r in attempt.responses.filter(page=page)]
        post = {**answers, "positions": positions, "page": str(page), "save": ""}
        trainee_client.post(_url(attempt), post)
    trainee_client.post(_url(attempt), {"finish": "", "confirm": "1"})
    html = trainee_client.get(_url(attempt, "assessments:review")).content.decode()
    assert "1946" in html
    assert "Puglia del nord" in html
    assert "Ascolto senza interrompere" in html
    your_answer = re.escape(it("Your answer:"))
    assert re.search(rf"{your_answer}</strong>\s*Roma\s*</p>", html)
    assert (
        "quiz__verdict" not in html or it("Not passed yet (pass mark %(mark)s%%).", mark=60) in html
    )
    assert it("What next") in html
    assert it("Back to the course") in html
