"""Joins three branches of the accounts app: reporting profile fields, the retention
log and the coordinators' territory groups."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_coordinator_scope_groups"),
        ("accounts", "0004_profile_reporting_fields"),
        ("accounts", "0004_retention_log"),
    ]

    operations = []
