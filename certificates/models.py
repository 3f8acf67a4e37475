"""Certificate templates and rules (authored), certificates and their history (transactional)."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, PreviewableMixin

PLACEHOLDERS = ("name", "course", "hours", "date", "competencies", "code")
_PLACEHOLDER_RE = re.compile(r"\{([a-z_]+)\}")


def validate_placeholders(text: str) -> None:
    """Only the documented ``{placeholders}`` may appear in a template's text."""
    unknown = sorted({m for m in _PLACEHOLDER_RE.findall(text or "") if m not in PLACEHOLDERS})
    if unknown:
        raise ValidationError(
            _("Unknown placeholder %(names)s. Use only: %(allowed)s."),
            params={
                "names": ", ".join("{" + n + "}" for n in unknown),
                "allowed": ", ".join("{" + n + "}" for n in PLACEHOLDERS),
            },
        )


class CertificateTemplate(PreviewableMixin, ClusterableModel):
    """How a certificate looks: page, background, logos, texts and signatories."""

    class Orientation(models.TextChoices):
        LANDSCAPE = "landscape", _("A4 landscape")
        PORTRAIT = "portrait", _("A4 portrait")

    class Language(models.TextChoices):
        ITALIAN = "it", _("Italian")
        ENGLISH = "en", _("English")
        BOTH = "both", _("Italian and English")

    name = models.CharField(_("name"), max_length=120, unique=True)
    orientation = models.CharField(
        _("page"), max_length=16, choices=Orientation.choices, default=Orientation.LANDSCAPE
    )
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.BOTH
    )
    background = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("background image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    funder_logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("funder logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title_it = models.CharField(_("title (Italian)"), max_length=120, default="Attestato")
    title_en = models.CharField(_("title (English)"), max_length=120, default="Certificate")
    body_it = models.TextField(
        _("text (Italian)"),
        validators=[validate_placeholders],
        help_text=_("Placeholders: {name}, {course}, {hours}, {date}, {competencies}, {code}."),
    )
    body_en = models.TextField(
        _("text (English)"),
        validators=[validate_placeholders],
        help_text=_("Placeholders: {name}, {course}, {hours}, {date}, {competencies}, {code}."),
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default="#1d4e89",
        # Only a hex colour: the value goes into the PDF stylesheet.
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Give a colour as #rrggbb."))],
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("orientation"), FieldPanel("language")]),
        MultiFieldPanel(
            [
                FieldPanel("title_it"),
                FieldPanel("body_it"),
                FieldPanel("title_en"),
                FieldPanel("body_en"),
            ],
            heading=_("Texts"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("background"),
                FieldPanel("funder_logo"),
                FieldPanel("accent_colour"),
                InlinePanel("logos", label=_("Partner logos")),
            ],
            heading=_("Look"),
        ),
        InlinePanel("signatories", label=_("Signatories"), max_num=4),
    ]

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_preview_template(self, request, mode_name):
        return "certificates/pdf/certificate.html"

    def serve_preview(self, request, mode_name):
        """The admin preview: a real PDF for a sample learner whose name is in Arabic script."""
        from django.http import HttpResponse

        from .pdf import render_sample

        return HttpResponse(render_sample(self), content_type="application/pdf")


class TemplateLogo(Orderable):
    template = ParentalKey(CertificateTemplate, on_delete=models.CASCADE, related_name="logos")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("logo"), on_delete=models.CASCADE, related_name="+"
    )
    panels = [FieldPanel("image")]


class Signatory(Orderable):
    template = ParentalKey(
        CertificateTemplate, on_delete=models.CASCADE, related_name="signatories"
    )
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=160)
    signature = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("role")]), FieldPanel("signature")]

    def __str__(self):
        return self.name


class ImmutableRecordError(Exception):
    """Raised when code tries to change or delete a sign-off record."""


class CertificateRule(models.Model):
    """What a learner must have done in a course (or path) to earn its certificate.

    Each requirement is a small check (see ``certificates.criteria``); an empty
    requirement is not checked.
    """

    name = models.CharField(_("name"), max_length=160)
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The course (or learning path) the certificate is for."),
    )
    template = models.ForeignKey(
        CertificateTemplate,
        verbose_name=_("template"),
        on_delete=models.PROTECT,
        related_name="rules",
    )
    require_all_modules = models.BooleanField(_("every module complete"), default=True)
    min_quiz_grade = models.PositiveSmallIntegerField(
        _("minimum final-quiz grade (%)"), null=True, blank=True
    )
    min_attendance = models.PositiveSmallIntegerField(
        _("minimum share of workshop hours attended (%)"), null=True, blank=True
    )
    competencies = models.TextField(
        _("competencies at least proficient"),
        blank=True,
        help_text=_("One per line; printed on the certificate and in the Open Badge."),
    )
    require_signoff = models.BooleanField(_("trainer sign-off"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("certificate rule")
        verbose_name_plural = _("certificate rules")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_quiz_grade__lte=100) | models.Q(min_quiz_grade=None),
                name="rule_quiz_grade_percent",
            ),
            models.CheckConstraint(
                condition=models.Q(min_attendance__lte=100) | models.Q(min_attendance=None),
                name="rule_attendance_percent",
            ),
        ]

    def __str__(self):
        return self.name

    def competency_list(self) -> list[str]:
        return [line.strip() for line in self.competencies.splitlines() if line.strip()]


class TrainerSignoff(models.Model):
    """A trainer confirming that a learner has completed a course in practice.

    Append-only: revoking adds a record that names the sign-off it withdraws
    (``revokes``); a sign-off stands while no revocation names it.
    """

    rule = models.ForeignKey(CertificateRule, on_delete=models.CASCADE, related_name="signoffs")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificate_signoffs"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)
    revokes = models.OneToOneField(
        "self",
        verbose_name=_("revokes"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="revocation",
    )

    class Meta:
        verbose_name = _("trainer sign-off")
        verbose_name_plural = _("trainer sign-offs")
        # No uniqueness: after a revocation a learner may be signed off again (the
        # service refuses a second standing sign-off, under a lock on the learner).
        ordering = ["-signed_at", "-pk"]

    def __str__(self):
        return f"{self.user} · {self.rule}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ImmutableRecordError("A sign-off cannot be changed; revoke it instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError("A sign-off cannot be deleted; revoke it instead.")


class Certificate(models.Model):
    """One issued certificate: a frozen record of what was certified, with its PDF.

    Only one *valid* certificate exists per learner, rule and kind (database constraint).
    Revoking keeps the record; re-issuing creates a new version and marks the old
    one as replaced, pointing to the new one.
    """

    class Kind(models.TextChoices):
        COMPLETION = "completion", _("Completion and competencies")
        ATTENDANCE = "attendance", _("Certificate of attendance (attestato di frequenza)")

    class State(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")
        REPLACED = "replaced", _("Replaced by a newer version")

    code = models.CharField(_("code"), max_length=24, unique=True)
    rule = models.ForeignKey(
        CertificateRule,
        verbose_name=_("rule"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    # Erasing a person keeps their certificates verifiable under their pseudonym, with
    # the name, the PDF and the badge made again without it (GDPR Art. 17(3)(b)).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    # Two kinds per rule: the completion-and-competencies certificate, and the
    # attestato di frequenza, which certifies the workshop hours of the ledger.
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.COMPLETION)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.VALID)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    replaced_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces"
    )
    # What was certified, frozen at issue time.
    holder_name = models.CharField(_("name on the certificate"), max_length=150)
    course_title = models.CharField(_("course"), max_length=255)
    # The English translation's title, printed in the English text of a bilingual
    # certificate (empty when the course has no English version).
    course_title_en = models.CharField(_("course (English)"), max_length=255, blank=True)
    # Workshop hours from the attendance ledger at issue time (``needs_reissue`` compares
    # them with the ledger now); online learning time is kept apart, never added in.
    hours = models.DecimalField(_("workshop hours"), max_digits=5, decimal_places=1, default=0)
    online_hours = models.DecimalField(
        _("online learning hours"), max_digits=5, decimal_places=1, default=0
    )
    competencies = models.JSONField(_("competencies"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=8, default="both")
    issued_on = models.DateField(_("issued on"))
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The holder's choice: show the full name on the public verification page.
    show_name_publicly = models.BooleanField(
        _("show my full name on the public page"), default=True
    )
    pdf = models.FileField(_("PDF"), upload_to="certificates/", blank=True)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True, db_index=True)
    credential_jwt = models.TextField(_("Open Badge (VC-JWT)"), blank=True)
    seen_at = models.DateTimeField(_("seen by the holder"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)
    # The reason is internal unless the coordinator who revokes marks it public.
    revoked_reason_public = models.BooleanField(
        _("show the reason on the public page"), default=False
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "rule", "kind"],
                condition=models.Q(state="valid"),
                name="certificate_one_valid_per_user_rule_kind",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="revoked") | models.Q(revoked_at__isnull=False),
                name="certificate_revoked_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.code} · {self.holder_name}"

    def get_absolute_url(self):
        """The verification page in the active language (``/ar/verify/…``)."""
        return reverse("certificates:verify", kwargs={"code": self.code})

    @property
    def verify_url(self) -> str:
        """The language-neutral address printed and in the QR code: it opens in the
        visitor's language."""
        return settings.SITE_URL + reverse("certificates_public:verify", kwargs={"code": self.code})

    @property
    def is_valid(self) -> bool:
        return self.state == self.State.VALID

    @property
    def public_reason(self) -> str:
        """The revocation reason the public page shows (empty unless marked public)."""
        return self.revoked_reason if self.revoked_reason_public else ""

    @property
    def public_name(self) -> str:
        """The name the public page shows: initials, unless the holder opted in to the
        full name on My privacy (and did not hide it for this certificate)."""
        from lms.accounts.names import is_pseudonym

        if self.user_id is not None and is_pseudonym(self.user):
            return self.holder_name  # the pseudonym: nobody's name
        profile = getattr(self.user, "profile", None) if self.user_id is not None else None
        if self.show_name_publicly and profile is not None and profile.show_full_name_publicly:
            return self.holder_name
        return " ".join(part[0] + "." for part in self.holder_name.split() if part)


class CertificateEvent(models.Model):
    """The log of who issued, revoked or re-issued a certificate, when and why."""

    class Action(models.TextChoices):
        ISSUED = "issued", _("Issued")
        REVOKED = "revoked", _("Revoked")
        REISSUED = "reissued", _("Re-issued")

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    reason = models.TextField(_("why"), blank=True)

    class Meta:
        verbose_name = _("certificate event")
        verbose_name_plural = _("certificate events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.certificate.code} {self.action}"


class IssueBatch(models.Model):
    """A background job issuing a rule's certificates to many learners, with progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    rule = models.ForeignKey(CertificateRule, on_delete=models.CASCADE, related_name="batches")
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=Certificate.Kind.choices,
        default=Certificate.Kind.COMPLETION,
    )
    cohort = models.ForeignKey(
        "courses.Cohort",
        verbose_name=_("cohort"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    user_ids = models.JSONField(default=list)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    issued = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("issuing job")
        verbose_name_plural = _("issuing jobs")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.rule} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def percent(self) -> int:
        return round(100 * self.processed / self.total) if self.total else 100


class CohortPack(models.Model):
    """The cohort pack for the funder: one ZIP with every valid certificate PDF of a
    cohort and a CSV index, built in the background (``certificates.packs``).

    One row per cohort, rebuilt in place: ``fingerprint`` is the SHA-256 of the index
    the ZIP was built from, so a pack whose cohort's certificates changed since is
    *stale* (``packs.pack_state``). The file is stored under the private
    ``certificates/`` prefix and served only by a view that checks the coordinator.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    cohort = models.OneToOneField(
        "courses.Cohort", verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="pack"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"))
    total = models.PositiveIntegerField(_("certificates"), default=0)
    processed = models.PositiveIntegerField(_("certificates packed"), default=0)
    fingerprint = models.CharField(_("index SHA-256"), max_length=64, blank=True)
    # The codes packed: an erased holder's pack is discarded (it printed their name).
    codes = models.JSONField(_("codes"), default=list, blank=True)
    file = models.FileField(_("ZIP file"), upload_to="certificates/packs/", blank=True)
    sha256 = models.CharField(_("ZIP SHA-256"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    error = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("cohort pack")
        verbose_name_plural = _("cohort packs")
        ordering = ["cohort__name"]

    def __str__(self):
        return f"{self.cohort} · {self.get_status_display()}"

    @property
    def percent(self) -> int:
        return round(100 * self.processed / self.total) if self.total else 100
