from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Assessments")

    def ready(self):
        from django.db.models.signals import post_delete

        from .competencies.uploads import delete_claim_file
        from .models import PriorLearningClaim

        post_delete.connect(delete_claim_file, sender=PriorLearningClaim, dispatch_uid="claim-file")
        _connect_question_bank_version()


def _connect_question_bank_version() -> None:
    """The question bank's version (``lms.caching`` kind "questions", under which
    starting an attempt keeps a quiz's slots and its questions' versions): a new one
    whenever a question, an answer, a version, a category, a tag or a quiz slot is
    saved or deleted. The bank's bulk writes (``services.bank``) bump it themselves."""
    from django.db.models.signals import post_delete, post_save

    from lms.caching import bump

    from .models import (
        Question,
        QuestionAnswer,
        QuestionCategory,
        QuestionTag,
        QuestionVersion,
        QuizSlot,
    )

    def changed(sender, **kwargs):
        bump("questions")

    for model in (
        Question,
        QuestionAnswer,
        QuestionVersion,
        QuestionCategory,
        QuestionTag,
        QuizSlot,
    ):
        for signal in (post_save, post_delete):
            signal.connect(
                changed, sender=model, weak=False, dispatch_uid=f"questions-{model.__name__}"
            )
