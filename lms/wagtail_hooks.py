"""Admin-wide wiring of the project itself (apps register their own in theirs)."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_js")
def accessibility_fixes_js():
    """Labels for the inputs Wagtail's own widgets leave unlabelled (see the script)."""
    return format_html('<script src="{}" defer></script>', static("lms/admin-a11y.js"))


@hooks.register("insert_global_admin_css")
def project_admin_css():
    """The styles of the project's own admin templates, as a file rather than ``style``
    attributes (the admin's Content-Security-Policy is meant to need inline styles for
    Wagtail's own markup only)."""
    return format_html('<link rel="stylesheet" href="{}">', static("lms/admin.css"))
