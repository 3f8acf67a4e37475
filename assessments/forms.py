"""Forms of the admin tools (import, export, grading)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lms.uploads import QUESTION_IMPORT_MAX, read_capped

from .importers import QuestionImportError
from .importers.encoding import decode
from .models import QuestionCategory

FORMAT_CHOICES = [
    ("gift", "GIFT"),
    ("aiken", "Aiken"),
    ("moodlexml", "Moodle XML"),
]
EXPORT_FORMAT_CHOICES = [("gift", "GIFT"), ("moodlexml", "Moodle XML")]


class ImportForm(forms.Form):
    """Step one: a file, its format and where its questions go."""

    file = forms.FileField(label=_("File"), required=False)
    fmt = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES)
    category = forms.CharField(
        label=_("Category"),
        max_length=500,
        help_text=_("A path such as “Peer coaching/Listening”; missing levels are created."),
    )
    skip_unsupported = forms.BooleanField(
        label=_("Skip unsupported questions"),
        required=False,
        help_text=_(
            "Import the questions the bank supports and list the others (calculated, "
            "drag-and-drop, Cloze…). Unticked, a file with any of them is refused."
        ),
    )
    # Step two (confirm) sends the text back instead of the file.
    text = forms.CharField(widget=forms.HiddenInput, required=False, max_length=QUESTION_IMPORT_MAX)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        cleaned["encoding_note"] = None
        if upload:
            data = read_capped(upload, QUESTION_IMPORT_MAX)
            try:
                decoded = decode(data)
            except QuestionImportError as error:
                raise forms.ValidationError(error.messages) from None
            cleaned["text"], cleaned["encoding_note"] = decoded.text, decoded.note
        if not cleaned.get("text"):
            raise forms.ValidationError(_("Choose a file to import."))
        return cleaned


class ExportForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Category"), queryset=QuestionCategory.objects.all())
    fmt = forms.ChoiceField(label=_("Format"), choices=EXPORT_FORMAT_CHOICES)


class GradeForm(forms.Form):
    """Rubric levels per criterion (or a plain score without a rubric) and feedback."""

    feedback = forms.CharField(label=_("Feedback"), widget=forms.Textarea, required=False)

    def __init__(self, *args, rubric=None, max_score=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rubric = rubric
        if rubric is not None:
            levels = [(level.pk, str(level)) for level in rubric.levels.all()]
            for criterion in rubric.criteria.all():
                self.fields[f"criterion_{criterion.pk}"] = forms.TypedChoiceField(
                    label=criterion.name,
                    help_text=criterion.description,
                    choices=levels,
                    coerce=int,
                    widget=forms.RadioSelect,
                )
        else:
            self.fields["score"] = forms.DecimalField(
                label=_("Score"), min_value=0, max_value=max_score, decimal_places=3
            )
        self.order_fields([name for name in self.fields if name != "feedback"] + ["feedback"])

    def levels(self) -> dict[int, int]:
        return {
            int(name.removeprefix("criterion_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("criterion_")
        }
