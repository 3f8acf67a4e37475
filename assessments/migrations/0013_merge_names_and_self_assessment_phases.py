"""Joins the assessments branches: competency names in French and Arabic, focus groups
and peer raters, and the end self-assessment opening."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0011_competency_names_fr_ar"),
        ("assessments", "0012_peer_raters"),
        ("assessments", "0011_self_assessment_end_opening"),
    ]

    operations = []
