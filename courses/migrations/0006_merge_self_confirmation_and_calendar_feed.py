"""Joins the self-confirmation and calendar-feed branches of the courses app."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0005_attendance_self_confirmation"),
        ("courses", "0005_calendar_feed"),
    ]

    operations = []
