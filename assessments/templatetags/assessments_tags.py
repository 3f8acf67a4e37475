from django import template

from assessments.text import render_inline, render_text

register = template.Library()


@register.filter
def question_text(text, text_format="moodle"):
    """Render a question, answer or feedback text in its format, safely."""
    return render_text(text or "", text_format or "moodle")


@register.filter
def inline_text(text, text_format="moodle"):
    """Render an option label inline (no block elements inside a label)."""
    return render_inline(text or "", text_format or "moodle")


@register.filter
def percent(value):
    return "" if value is None else f"{value:.0f}%" if hasattr(value, "__format__") else value
