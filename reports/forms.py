"""The report period and scope, one form for the page and the command line."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from lms.accounts.models import Territory

from .exports import FORMATS

DATE_FORMATS = ["%Y-%m-%d"]


class ReportForm(forms.Form):
    """``from``/``to`` (YYYY-MM-DD, both days included), an optional territory and, for
    an export, the format. A refusal names its field; nothing is computed or written."""

    def __init__(self, *args, territories=None, export=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from"] = forms.DateField(
            label=_("From"), input_formats=DATE_FORMATS, help_text=_("YYYY-MM-DD")
        )
        self.fields["to"] = forms.DateField(
            label=_("To"), input_formats=DATE_FORMATS, help_text=_("YYYY-MM-DD, included")
        )
        choices = territories if territories is not None else Territory.choices
        self.fields["territory"] = forms.ChoiceField(
            label=_("Territory"),
            choices=[("", _("Every territory")), *choices],
            required=False,
        )
        if export:
            self.fields["format"] = forms.ChoiceField(
                label=_("Format"), choices=[(f, f.upper()) for f in FORMATS]
            )
        for name in ("from", "to"):
            self.fields[name].widget.input_type = "date"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and end < start:
            self.add_error("to", _("The end of the period is before its start."))
        return cleaned

    @staticmethod
    def default_period(today: dt.date) -> dict[str, str]:
        return {"from": today.replace(month=1, day=1).isoformat(), "to": today.isoformat()}
