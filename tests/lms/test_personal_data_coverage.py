"""Issue 13, item 7: every link from a model to a person is in their personal-data export
or is left out for a stated reason.

The links are introspected from the app registry (every installed app, Wagtail's and
Django's included), so a new model with a foreign key, one-to-one or many-to-many to the
user model fails here until its rows are exported (``COVERED``: where in the export) or
excluded (``EXCLUDED``: why). tests/demo/test_personal_data_export.py then checks, for
every demo person, that each place they have rows shows up non-empty in their export.
"""

from django.apps import apps
from django.contrib.auth import get_user_model

#: "app_label.Model.field" → the keys leading to its rows in ``user_export_data``.
COVERED: dict[str, tuple[str, ...]] = {
    # accounts
    "accounts.Profile.user": ("profile",),
    "accounts.ConsentRecord.user": ("consents",),
    # notifications
    "notifications.Message.user": ("notifications", "messages"),
    "accounts.LoginCard.user": ("login_cards",),
    "accounts.LoginCard.issued_by": ("login_cards_issued",),
    # courses
    "courses.Enrollment.user": ("courses", "enrollments"),
    "courses.Enrollment.enrolled_by": ("courses", "enrolments_made"),
    "courses.LessonProgress.user": ("courses", "completed_lessons"),
    "courses.JournalEntry.user": ("courses", "journal"),
    "courses.OnlineLearningTime.user": ("courses", "online_learning_time"),
    "courses.CalendarFeed.user": ("courses", "calendar_feed"),
    "courses.OfflineAction.user": ("courses", "offline_syncs"),
    "courses.AttendanceConfirmation.user": ("courses", "attendance_confirmations"),
    "courses.SessionRegistration.user": ("courses", "session_registrations"),
    "courses.AttendanceEntry.user": ("courses", "attendance"),
    "courses.AttendanceEntry.author": ("courses", "attendance_recorded"),
    "courses.Cohort.trainers": ("courses", "cohorts_trained"),
    "courses.CoursePage.trainers": ("courses", "courses_taught"),
    "courses.WorkshopSession.facilitators": ("courses", "sessions_facilitated"),
    "courses.WorkshopSession.register_closed_by": ("courses", "registers_closed"),
    # lab
    "lab.LabGroup.members": ("lab", "lab_groups"),
    "lab.Stage.facilitator": ("lab", "stages_facilitated"),
    "lab.Problem.author": ("lab", "problems"),
    "lab.Problem.hidden_by": ("lab", "hidden_by_me"),
    "lab.ProblemComment.author": ("lab", "problem_comments"),
    "lab.ProblemComment.hidden_by": ("lab", "hidden_by_me"),
    "lab.Ballot.user": ("lab", "votes"),
    "lab.Hypothesis.updated_by": ("lab", "hypotheses_last_saved"),
    "lab.Hypothesis.hidden_by": ("lab", "hidden_by_me"),
    "lab.HypothesisRevision.author": ("lab", "hypothesis_texts"),
    "lab.Proposal.updated_by": ("lab", "proposals_last_saved"),
    "lab.Proposal.hidden_by": ("lab", "hidden_by_me"),
    "lab.ProposalRevision.author": ("lab", "proposal_texts"),
    "lab.ProposalComment.author": ("lab", "proposal_comments"),
    "lab.ProposalComment.hidden_by": ("lab", "hidden_by_me"),
    "lab.ProposalResponse.author": ("lab", "responses"),
    "lab.ProposalFollowUp.recorded_by": ("lab", "follow_ups_recorded"),
    "lab.ContributionRecognition.user": ("lab", "recognitions"),
    "lab.ContributionRecognition.recognised_by": ("lab", "recognitions_given"),
    # assessments
    "assessments.Attempt.user": ("assessments", "quiz_attempts"),
    "assessments.Response.graded_by": ("assessments", "grades_given"),
    "assessments.Question.created_by": ("assessments", "questions_written"),
    "assessments.QuestionTranslation.translated_by": ("assessments", "questions_translated"),
    "assessments.Evidence.user": ("competencies", "evidence"),
    "assessments.Evidence.recorded_by": ("competencies", "evidence_recorded"),
    "assessments.PriorLearningClaim.user": ("competencies", "prior_learning_claims"),
    "assessments.PriorLearningClaim.decided_by": ("competencies", "claim_decisions"),
    "assessments.FocusGroup.participants": ("competencies", "focus_groups_attended"),
    "assessments.FocusGroup.facilitator": ("competencies", "focus_groups_facilitated"),
    "assessments.TrainingPlanLink.linked_by": ("competencies", "training_plan_links"),
    "assessments.PeerRater.coach": ("competencies", "peer_rater_for"),
    "assessments.PeerRater.learner": ("competencies", "peer_raters_of_me"),
    "assessments.PeerRater.authorised_by": ("competencies", "peer_raters_authorised"),
    "assessments.PeerRater.revoked_by": ("competencies", "peer_raters_withdrawn"),
    "assessments.CompetencyRating.user": ("competencies", "ratings"),
    "assessments.SelfAssessmentResponse.user": ("competencies", "self_assessment_answers"),
    # certificates
    "certificates.Certificate.user": ("certificates",),
    "certificates.Certificate.issued_by": ("certificates_issued",),
    "certificates.TrainerSignoff.user": ("certificate_signoffs_received",),
    "certificates.TrainerSignoff.signed_by": ("certificate_signoffs_given",),
    "certificates.CertificateEvent.actor": ("certificate_actions",),
    "certificates.IssueBatch.requested_by": ("certificate_issue_batches",),
    "certificates.CohortPack.requested_by": ("certificate_packs_requested",),
    # Wagtail's admin
    "wagtailusers.UserProfile.user": ("admin", "preferences"),
    "wagtailcore.Page.owner": ("admin", "pages_owned"),
    "wagtailcore.Revision.user": ("admin", "revisions_saved"),
    "wagtailcore.PageLogEntry.user": ("admin", "admin_log"),
    "wagtailcore.ModelLogEntry.user": ("admin", "admin_log"),
    "admin.LogEntry.user": ("admin", "admin_log"),
    "wagtailcore.Comment.user": ("admin", "comments"),
    "wagtailcore.Comment.resolved_by": ("admin", "comments_resolved"),
    "wagtailcore.CommentReply.user": ("admin", "comment_replies"),
    "wagtailcore.PageSubscription.user": ("admin", "page_subscriptions"),
    "wagtailcore.WorkflowState.requested_by": ("admin", "workflows_requested"),
    "wagtailcore.TaskState.finished_by": ("admin", "workflow_tasks_finished"),
    "wagtailimages.Image.uploaded_by_user": ("admin", "images_uploaded"),
    "wagtaildocs.Document.uploaded_by_user": ("admin", "documents_uploaded"),
}

#: "app_label.Model.field" → why its rows are not in the export.
EXCLUDED: dict[str, str] = {
    "accounts.SmsSignInCode.user": "a credential (a keyed digest of a 10-minute sign-in "
    "code); the texts themselves are in the export's message log",
    "otp_totp.TOTPDevice.user": "a credential (the second-factor secret key): handing it "
    "out in an export would let anyone holding the file sign in as the person",
    "otp_static.StaticDevice.user": "a credential (the unused backup codes of the second "
    "factor); the same reason as the TOTP key",
    "wagtailcore.Page.locked_by": "a transient editing lock: who holds it is not a record "
    "about the person, and the lock is released when the page is unlocked",
    "wagtailadmin.EditingSession.user": "a presence ping of the page editor (who else is "
    "editing now), expired after minutes; nothing the person wrote",
    "wagtailadmin.FormState.user": "an unsaved editing form kept for the preview, "
    "discarded when stale; its content is the page's, exported as revisions",
    "wagtailcore.APIToken.user": "a credential: only a digest of the token is stored, "
    "useless to the person and a risk in a downloaded file",
    "wagtailcore.UploadedFile.uploaded_by_user": "a temporary upload before it becomes an "
    "image or document (those are exported)",
}


def user_links() -> set[str]:
    """Every field, of every installed model, that points to the user model (declared on
    the model that has it: an inherited page field counts once, on ``Page``)."""
    user_model = get_user_model()
    links = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not field.concrete or field.related_model is not user_model:
                continue
            if not (field.many_to_one or field.one_to_one or field.many_to_many):
                continue
            if field.model is not model:
                continue  # inherited from a parent model: counted there
            links.add(f"{model._meta.label}.{field.name}")
    return links


def test_every_link_to_a_person_is_exported_or_excluded_with_a_reason():
    links = user_links()
    assert len(links) >= 60  # sanity: the registry was read (Wagtail's and ours)
    unaccounted = sorted(links - COVERED.keys() - EXCLUDED.keys())
    assert unaccounted == [], "export these (COVERED) or give a reason (EXCLUDED)"
    assert not COVERED.keys() & EXCLUDED.keys()
    stale = sorted((COVERED.keys() | EXCLUDED.keys()) - links)
    assert stale == []
    assert all(len(reason) > 30 for reason in EXCLUDED.values())


def test_every_covered_key_is_in_a_fresh_accounts_export(db):
    """The keys named above exist in an export (empty lists for a new person)."""
    from lms.accounts.services import user_export_data
    from tests.factories import TraineeFactory

    data = user_export_data(user=TraineeFactory())
    for link, keys in COVERED.items():
        value = data
        for key in keys:
            assert key in value, f"{link}: no {keys} in the export"
            value = value[key]


#: Profile fields left out of the export's "profile" section, with the reason.
PROFILE_FIELDS_EXCLUDED = {
    "id": "the row's number: no information about the person",
    "user": "the account itself: the export is of this person",
}


def test_every_profile_field_is_in_the_export(db):
    """Every field a person's profile holds (the name for certificates included, issue 15
    item 15) is in their export, so a new field cannot be forgotten; erasure deletes the
    profile with the account (tests/certificates/test_holder_name.py)."""
    from lms.accounts.models import Profile
    from lms.accounts.services import user_export_data
    from tests.factories import TraineeFactory

    exported = user_export_data(user=TraineeFactory())["profile"]
    fields = {f.name for f in Profile._meta.concrete_fields} - PROFILE_FIELDS_EXCLUDED.keys()
    assert sorted(fields - exported.keys()) == []
    assert {"certificate_given_name", "certificate_family_name"} <= exported.keys()
