"""Admin-wide wiring of the project itself (apps register their own in theirs)."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_js")
def accessibility_fixes_js():
    """Labels for the inputs Wagtail's own widgets leave unlabelled (see the script)."""
    return format_html('<script src="{}" defer></script>', static("lms/admin-a11y.js"))
