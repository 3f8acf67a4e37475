"""The course page tree: catalogue → course (learning path) → module → lesson."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from content.blocks import RICH_TEXT_FEATURES, BaseStreamBlock, DocumentDownloadBlock
from lms.i18n import LocalizedPageMixin


def canonical_page(page):
    """The original of ``page`` among its translations (the one created first).

    Enrolments, progress and sessions always point at the original, so that a
    trainee's record does not depend on the language they read the course in.
    """
    model = page.specific_class or type(page)
    return model.objects.filter(translation_key=page.translation_key).order_by("pk").first()


class CatalogPage(LocalizedPageMixin, Page):
    """The list of courses (``/courses/``), with filters and search."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]

    parent_page_types = ["content.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("course catalogue")

    def route(self, request, path_components):
        """Find a course, module or lesson below the catalogue in one query.

        Wagtail's default walks the tree one level (two queries) at a time; lesson
        pages are the ones trainees open most, so they get the short way.
        """
        if not 1 <= len(path_components) <= 3:
            return super().route(request, path_components)
        model = (CoursePage, ModulePage, LessonPage)[len(path_components) - 1]
        url_path = self.url_path + "/".join(path_components) + "/"
        page = (
            model.objects.filter(url_path=url_path, path__startswith=self.path)
            .select_related("locale")
            .first()
        )
        if page is None:
            # Not a lesson: another page in a module (a quiz) takes Wagtail's way.
            return super().route(request, path_components)
        if not page.live:
            # A draft here may have a live original to fall back to.
            return super().route(request, path_components)
        return RouteResult(page)

    def serve(self, request, *args, **kwargs):
        from courses.views import catalog_serve

        return catalog_serve(request, self)

    def serve_preview(self, request, mode_name):
        return self.serve(request)


class CourseTag(TaggedItemBase):
    content_object = ParentalKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class CoursePage(LocalizedPageMixin, Page):
    """A learning path: an overview anyone can read, and modules for enrolled trainees."""

    summary = models.TextField(
        _("summary"), help_text=_("Two or three plain sentences shown on the course card.")
    )
    audience = models.TextField(_("who it is for"), blank=True)
    duration_hours = models.PositiveSmallIntegerField(_("duration in hours"), default=1)
    languages = ParentalManyToManyField(
        "wagtailcore.Locale",
        verbose_name=_("languages"),
        blank=True,
        related_name="+",
        help_text=_("Languages the course is taught in."),
    )
    competencies = models.TextField(
        _("competencies it develops"),
        blank=True,
        help_text=_("One per line. They will be linked to the competency framework later."),
    )
    prerequisites = models.TextField(_("prerequisites"), blank=True)
    trainers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainers"),
        blank=True,
        related_name="+",
        limit_choices_to={"groups__name": "trainer"},
    )
    self_enrollment = models.BooleanField(
        _("open for self-enrolment"),
        default=True,
        help_text=_("If unticked, only a coordinator can enrol people."),
    )
    tags = ClusterTaggableManager(through=CourseTag, blank=True, verbose_name=_("tags"))
    body = StreamField(BaseStreamBlock(), verbose_name=_("description"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldRowPanel([FieldPanel("duration_hours"), FieldPanel("self_enrollment")]),
                FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
                FieldPanel("competencies"),
                FieldPanel("prerequisites"),
                FieldPanel("trainers"),
                FieldPanel("tags"),
            ],
            heading=_("About the course"),
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("audience"),
        index.SearchField("competencies"),
        index.FilterField("locale_id"),
    ]

    parent_page_types = ["courses.CatalogPage"]
    subpage_types = ["courses.ModulePage"]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def competency_list(self) -> list[str]:
        return [line.strip() for line in self.competencies.splitlines() if line.strip()]

    def serve(self, request, *args, **kwargs):
        from courses.views import course_serve

        return course_serve(request, self)

    def serve_preview(self, request, mode_name):
        from courses.views import course_preview

        return course_preview(request, self)


class ModulePage(LocalizedPageMixin, Page):
    """An ordered part of a course; it may wait until the previous one is complete."""

    introduction = models.TextField(_("introduction"), blank=True)
    unlock_after_previous = models.BooleanField(
        _("unlocks when the previous module is complete"), default=False
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("unlock_after_previous"),
    ]

    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage", "assessments.QuizPage"]

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def serve(self, request, *args, **kwargs):
        from courses.views import module_serve

        return module_serve(request, self)

    def serve_preview(self, request, mode_name):
        from courses.views import module_preview

        return module_preview(request, self)


class LessonPage(LocalizedPageMixin, Page):
    """One sitting of learning: content, media, resources, an activity and a reflection."""

    introduction = models.TextField(_("introduction"), blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=15)
    body = StreamField(BaseStreamBlock(), verbose_name=_("content"), blank=True)
    video_url = models.URLField(
        _("video link"),
        blank=True,
        help_text=_("A YouTube or Vimeo address; use a platform that shows captions."),
    )
    video_file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("video file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("An MP4 or WebM file; it needs a captions file."),
    )
    captions_file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("captions (WebVTT)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    audio_file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("audio file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    transcript = RichTextField(
        _("transcript"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("The words of the video or audio, for people who cannot hear or play it."),
    )
    resources = StreamField(
        [("document", DocumentDownloadBlock())],
        verbose_name=_("downloadable resources"),
        blank=True,
    )
    activity_instructions = RichTextField(
        _("activity instructions"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_(
            "If there is an activity, trainees mark the lesson complete with a button; "
            "otherwise it is complete when they go on with “Next” (or the button)."
        ),
    )
    reflection_prompt = models.TextField(
        _("reflection prompt"),
        blank=True,
        help_text=_("A question; the answer goes to the trainee's private journal."),
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("estimated_minutes")]),
        FieldPanel("introduction"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("video_url"),
                FieldRowPanel([FieldPanel("video_file"), FieldPanel("captions_file")]),
                FieldPanel("audio_file"),
                FieldPanel("transcript"),
            ],
            heading=_("Video and audio"),
        ),
        FieldPanel("resources"),
        FieldPanel("activity_instructions"),
        FieldPanel("reflection_prompt"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    @property
    def has_activity(self) -> bool:
        return bool(self.activity_instructions.strip())

    def clean(self):
        super().clean()
        if self.video_file_id and not self.captions_file_id:
            raise ValidationError(
                {"captions_file": _("A video file needs a captions file (WebVTT).")}
            )
        if (self.video_url or self.video_file_id or self.audio_file_id) and not self.transcript:
            raise ValidationError({"transcript": _("Video and audio need a transcript.")})

    def serve(self, request, *args, **kwargs):
        from courses.views import lesson_serve

        return lesson_serve(request, self)

    def serve_preview(self, request, mode_name):
        from courses.views import lesson_preview

        return lesson_preview(request, self)
