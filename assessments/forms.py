"""Forms of the admin tools (import, export, grading)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import QuestionCategory

FORMAT_CHOICES = [
    ("gift", "GIFT"),
    ("aiken", "Aiken"),
    ("moodlexml", "Moodle XML"),
]
EXPORT_FORMAT_CHOICES = [("gift", "GIFT"), ("moodlexml", "Moodle XML")]
MAX_UPLOAD = 5 * 1024 * 1024


class ImportForm(forms.Form):
    """Step one: a file, its format and where its questions go."""

    file = forms.FileField(label=_("File"), required=False)
    fmt = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES)
    category = forms.CharField(
        label=_("Category"),
        max_length=500,
        help_text=_("A path such as “Peer coaching/Listening”; missing levels are created."),
    )
    # Step two (confirm) sends the text back instead of the file.
    text = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload:
            if upload.size > MAX_UPLOAD:
                raise forms.ValidationError(_("The file is larger than 5 MB."))
            raw = upload.read()
            try:
                cleaned["text"] = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(_("The file is not UTF-8 text.")) from None
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
