"""The shared stream: every page body in the site is built from these blocks."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(label=_("Level"), choices=[("h2", "H2"), ("h3", "H3")], default="h2")

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "content/blocks/heading_block.html"
        preview_value = {"text": "Ascolto attivo", "level": "h2"}


class CaptionedEmbedBlock(blocks.StructBlock):
    """A video or audio embed that always comes with a caption and a transcript."""

    embed = EmbedBlock(label=_("Video or audio URL"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=255)
    transcript = blocks.RichTextBlock(
        label=_("Transcript"),
        required=False,
        features=RICH_TEXT_FEATURES,
        help_text=_("A text version for people who cannot hear or play the media."),
    )

    class Meta:
        icon = "media"
        label = _("Embed with caption")
        template = "content/blocks/embed_block.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[("info", _("Good to know")), ("tip", _("Tip")), ("warning", _("Important"))],
        default="info",
    )
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=120)
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "info-circle"
        label = _("Callout")
        template = "content/blocks/callout_block.html"
        preview_value = {
            "kind": "tip",
            "title": "Suggerimento",
            "text": "<p>Fai una domanda aperta.</p>",
        }


class DocumentDownloadBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    label = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=120,
        help_text=_("Leave empty to use the document's title."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document download")
        template = "content/blocks/document_block.html"


class AudioExplanationBlock(blocks.StructBlock):
    """A trainer's recorded explanation with its transcript (issue 19 item 4). The
    recording is a Wagtail document, converted to small mono Opus (``lms.audio``)."""

    audio = DocumentChooserBlock(
        label=_("Recording"),
        help_text=_(
            "An audio file (MP3, M4A, WAV, OGG, Opus or WebM). It is stored as small "
            "mono Opus. Upload it as a document."
        ),
    )
    transcript = blocks.RichTextBlock(
        label=_("Transcript"),
        features=RICH_TEXT_FEATURES,
        help_text=_("What the recording says, for people who cannot hear or play it."),
    )

    class Meta:
        icon = "media"
        label = _("Audio explanation")
        template = "content/blocks/audio_explanation_block.html"

    def clean(self, value):
        from django.core.exceptions import ValidationError
        from wagtail.blocks import StructBlockValidationError

        from lms.audio import validate_audio_document

        value = super().clean(value)
        if value.get("audio") is not None:
            try:
                validate_audio_document(value["audio"])
            except ValidationError as error:
                raise StructBlockValidationError(block_errors={"audio": error}) from None
        return value

    def get_context(self, value, parent_context=None):
        from lms.audio import audio_type

        context = super().get_context(value, parent_context=parent_context)
        context["audio_type"] = audio_type(value["audio"]) if value.get("audio") else ""
        return context


class AccordionItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question or title"), max_length=255)
    answer = blocks.RichTextBlock(label=_("Answer"), features=RICH_TEXT_FEATURES)


class AccordionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=120)
    items = blocks.ListBlock(AccordionItemBlock(), label=_("Items"))

    class Meta:
        icon = "list-ul"
        label = _("Accordion / FAQ")
        template = "content/blocks/accordion_block.html"


class BaseStreamBlock(blocks.StreamBlock):
    """The one stream every page type shares."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Text"),
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="content/blocks/paragraph_block.html",
    )
    image = ImageBlock(label=_("Image"), template="content/blocks/image_block.html")
    embed = CaptionedEmbedBlock()
    callout = CalloutBlock()
    document = DocumentDownloadBlock()
    accordion = AccordionBlock()
    audio_explanation = AudioExplanationBlock()

    class Meta:
        label = _("Content")
