"""The account's and the admin's part of the personal-data export: roles, Wagtail's
preferences, pages, revisions, comments, workflow steps, uploads and audit log entries.

Which user links the export covers, and why the others are left out, is checked for
every model of every installed app by tests/lms/test_personal_data_coverage.py.
"""


def _iso(value):
    return value.isoformat() if value else None


def account_personal_data(user) -> dict:
    from django.contrib.auth.models import Permission

    return {
        "roles": sorted(user.groups.values_list("name", flat=True)),
        "extra_permissions": sorted(
            Permission.objects.filter(user=user).values_list("codename", flat=True)
        ),
    }


def admin_personal_data(user) -> dict:
    """What the Wagtail admin holds about ``user`` (staff mostly; empty for a trainee)."""
    from django.contrib.admin.models import LogEntry
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import (
        Comment,
        CommentReply,
        ModelLogEntry,
        Page,
        PageLogEntry,
        PageSubscription,
        Revision,
        TaskState,
        WorkflowState,
    )
    from wagtail.users.models import UserProfile

    preferences = UserProfile.objects.filter(user=user).first()
    return {
        "preferences": None
        if preferences is None
        else {
            "language": preferences.preferred_language,
            "time_zone": preferences.current_time_zone,
            "submitted_notifications": preferences.submitted_notifications,
            "approved_notifications": preferences.approved_notifications,
            "rejected_notifications": preferences.rejected_notifications,
            "updated_comments_notifications": preferences.updated_comments_notifications,
        },
        "pages_owned": [
            {"page": p.title, "url_path": p.url_path}
            for p in Page.objects.filter(owner=user).order_by("path")
        ],
        "revisions_saved": [
            {"object": r.object_str, "created_at": _iso(r.created_at)}
            for r in Revision.objects.filter(user=user).order_by("created_at")
        ],
        "admin_log": [
            {"action": e.action, "object": e.label, "at": _iso(e.timestamp)}
            for model in (PageLogEntry, ModelLogEntry)
            for e in model.objects.filter(user=user).order_by("timestamp")
        ]
        + [
            {
                "action": e.get_action_flag_display(),
                "object": e.object_repr,
                "at": _iso(e.action_time),
            }
            for e in LogEntry.objects.filter(user=user).order_by("action_time")
        ],
        "comments": [
            {"page": str(c.page), "text": c.text, "created_at": _iso(c.created_at)}
            for c in Comment.objects.filter(user=user).select_related("page")
        ],
        "comments_resolved": [
            {"page": str(c.page), "resolved_at": _iso(c.resolved_at)}
            for c in Comment.objects.filter(resolved_by=user).select_related("page")
        ],
        "comment_replies": [
            {"text": r.text, "created_at": _iso(r.created_at)}
            for r in CommentReply.objects.filter(user=user)
        ],
        "page_subscriptions": [
            {"page": str(s.page), "comment_notifications": s.comment_notifications}
            for s in PageSubscription.objects.filter(user=user).select_related("page")
        ],
        "workflows_requested": [
            {"object": str(w.content_object), "status": w.status, "at": _iso(w.created_at)}
            for w in WorkflowState.objects.filter(requested_by=user)
        ],
        "workflow_tasks_finished": [
            {"task": str(t.task), "status": t.status, "at": _iso(t.finished_at)}
            for t in TaskState.objects.filter(finished_by=user).select_related("task")
        ],
        "images_uploaded": [
            {"title": i.title, "created_at": _iso(i.created_at)}
            for i in get_image_model().objects.filter(uploaded_by_user=user)
        ],
        "documents_uploaded": [
            {"title": d.title, "created_at": _iso(d.created_at)}
            for d in get_document_model().objects.filter(uploaded_by_user=user)
        ],
    }
