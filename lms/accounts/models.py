from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.sms import validate_phone


class Territory(models.TextChoices):
    BARI = "bari", _("Bari")
    FOGGIA = "foggia", _("Foggia")
    LECCE = "lecce", _("Lecce")
    OTHER = "other", _("Other")


class ParticipantCategory(models.TextChoices):
    MIGRANT = "migrant", _("Migrant")
    ASSOCIATION_LEADER = "association_leader", _("Association leader")
    LOCAL_AUTHORITY_STAFF = "local_authority_staff", _("Local-authority staff")
    OTHER = "other", _("Other")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")
    SELF_DESCRIBED = "self_described", _("I describe myself as…")
    PREFER_NOT_TO_SAY = "prefer_not_to_say", _("Prefer not to say")


class Profile(models.Model):
    """What the programme needs to know about a person, and nothing more.

    Sensitive data (nationality, residence status) is deliberately not collected here.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(_("display name"), max_length=150)
    # The name printed on certificates, as the person writes it (any script). Empty
    # until they (or a coordinator) give it: nothing is issued without it, and once a
    # valid certificate carries it only a re-issue changes it (``certificates.services``).
    certificate_given_name = models.CharField(
        _("given name(s) on certificates"), max_length=70, blank=True
    )
    certificate_family_name = models.CharField(
        _("family name(s) on certificates"), max_length=70, blank=True
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="it"
    )
    territory = models.CharField(
        _("territory"), max_length=16, choices=Territory.choices, default=Territory.OTHER
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    # E.164, unique when given. For people without an e-mail address (issue 19) it is how
    # a coordinator finds them again (CSV enrolment matches on it); SMS reminders go to it
    # only once the person has verified it on /learn/reminders/ (``phone_verified_at``).
    phone = models.CharField(
        _("phone number"),
        max_length=16,
        blank=True,
        validators=[validate_phone],
        help_text=_("With the country code, like +39 333 123 4567. Optional."),
    )
    # Reporting fields (README "Funder reports"): told by the person, never inferred.
    # Category and territory under the programme's processing consent; gender only
    # with the "statistics" consent (``lms.accounts.reporting``). Empty: not stated.
    participant_category = models.CharField(
        _("participant category"), max_length=32, choices=ParticipantCategory.choices, blank=True
    )
    gender = models.CharField(_("gender"), max_length=32, choices=Gender.choices, blank=True)
    gender_self_described = models.CharField(
        _("gender in your own words"), max_length=60, blank=True
    )
    # Kept in step with the category by ``save`` (local-authority staff): the lab gives
    # them their own role (formal responses to proposals).
    is_public_official = models.BooleanField(
        _("public official"),
        default=False,
        help_text=_("Local-authority staff taking part in mixed workshops."),
    )
    show_full_name_publicly = models.BooleanField(
        _("show my full name on public certificate checks"),
        default=False,
        help_text=_(
            "Off: the public verification page shows only your initials. "
            "On: it shows your full name."
        ),
    )
    phone_verified_at = models.DateTimeField(_("phone number verified"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["phone"], condition=~models.Q(phone=""), name="profile_phone_unique"
            )
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        staff = ParticipantCategory.LOCAL_AUTHORITY_STAFF
        if not self.participant_category and self.is_public_official:
            self.participant_category = staff  # the flag set the older way
        self.is_public_official = self.participant_category == staff
        if self.gender != Gender.SELF_DESCRIBED:
            self.gender_self_described = ""
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields,
                "participant_category",
                "is_public_official",
                "gender_self_described",
            }
        super().save(*args, **kwargs)


class ConsentRecord(models.Model):
    """A person's consent to a purpose of data processing, kept as given.

    Withdrawing consent sets ``withdrawn_at``; the record itself is never edited.
    """

    class Purpose(models.TextChoices):
        DATA_PROCESSING = "data_processing", _("Processing of personal data for the programme")
        PHOTOS = "photos", _("Photos and video of me taken during the activities")
        FUNDER_SHARING = "funder_sharing", _("Sharing my name and participation with the funder")
        LAB_PUBLICATION = "lab_publication", _("Publishing the lab work I contributed to")
        RESEARCH = "research", _("Use of my anonymised answers for research")
        STATISTICS = (
            "statistics",
            _("Counting my gender in the anonymous statistics the programme reports to the funder"),
        )
        # Opt-ins to reminders, one per channel (lms.notifications), given on /learn/reminders/.
        REMINDERS_EMAIL = "reminders_email", _("Reminders by e-mail")
        REMINDERS_SMS = "reminders_sms", _("Reminders by text message (SMS)")

    #: Without this purpose the platform cannot be used (a "pending consent" account).
    REQUIRED_PURPOSES = (Purpose.DATA_PROCESSING,)
    #: Chosen on the reminders page, not at sign-up (SMS needs a verified number first).
    REMINDER_PURPOSES = (Purpose.REMINDERS_EMAIL, Purpose.REMINDERS_SMS)

    class Channel(models.TextChoices):
        SIGNUP = "signup", _("Sign-up form")
        CSV_ENROLMENT = "csv_enrolment", _("CSV enrolment")
        PRIVACY_PAGE = "privacy_page", _("My privacy page")
        COORDINATOR = "coordinator", _("Recorded by a coordinator")
        REMINDERS_PAGE = "reminders_page", _("My reminders page")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=32, choices=Purpose.choices)
    text_version = models.CharField(_("text version"), max_length=32)
    language = models.CharField(_("language"), max_length=8)
    given_at = models.DateTimeField(_("given at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    channel = models.CharField(
        _("channel"), max_length=16, choices=Channel.choices, default=Channel.SIGNUP
    )

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-given_at"]

    def __str__(self):
        return f"{self.user} · {self.purpose} · {self.text_version}"


class RetentionLogEntry(models.Model):
    """One run of one rule of the retention schedule (``manage.py apply_retention``):
    what it removed, or would have removed in a dry run. Append-only."""

    rule = models.CharField(_("rule"), max_length=32)
    count = models.PositiveIntegerField(_("records"))
    dry_run = models.BooleanField(_("dry run"), default=False)
    applied_for = models.DateTimeField(_("applied for"))
    ran_at = models.DateTimeField(_("ran at"), auto_now_add=True)

    class Meta:
        verbose_name = _("retention log entry")
        verbose_name_plural = _("retention log entries")
        ordering = ["-ran_at", "-pk"]

    def __str__(self):
        return f"{self.rule} · {self.count} · {self.applied_for:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError("The retention log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("The retention log is append-only.")


class LoginCard(models.Model):
    """A printed QR login card: a single-use, expiring, revocable secret that signs a
    person in once (``lms.accounts.login_cards``), after which they must choose a
    password. Only the SHA-256 digest of the secret is stored; the secret itself exists
    on paper (and in the PDF, never saved). Issuing a new card revokes the person's
    earlier live ones: it is also how a coordinator resets a password."""

    class Status(models.TextChoices):
        LIVE = "live", _("Not used yet")
        USED = "used", _("Used")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="login_cards",
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="login_cards_issued",
    )
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("login card")
        verbose_name_plural = _("login cards")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.user} · {self.created_at:%Y-%m-%d}"

    @property
    def status(self) -> str:
        if self.used_at is not None:
            return self.Status.USED
        if self.revoked_at is not None:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.LIVE

    def get_status_display(self) -> str:
        return self.Status(self.status).label


class SmsSignInCode(models.Model):
    """A 6-digit code sent by text message to sign a person in once
    (``lms.accounts.sms_codes``), after which they must choose a password. Only a keyed
    digest of the code is stored; it lasts ``SMS_CODE_VALID_MINUTES``, allows
    ``SMS_CODE_MAX_TRIES`` wrong tries, works once, and asking for a new code cancels
    the earlier ones."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="sms_sign_in_codes",
    )
    code_digest = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    tries = models.PositiveSmallIntegerField(_("wrong tries"), default=0)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in code")
        verbose_name_plural = _("sign-in codes")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"
