"""``manage.py import_questions FILE --format gift|aiken|moodlexml --category "A/B"``.

All or nothing by default; ``--skip-unsupported`` imports every supported question (still
atomically) and lists the questions left out by number, type and name.
"""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.importers import FORMATS, QuestionImportError
from assessments.services import questions_import
from lms.management.base import ProjectCommand
from lms.uploads import QUESTION_IMPORT_COMMAND_MAX, check_path_size


class Command(ProjectCommand):
    help = "Import a GIFT, Aiken or Moodle XML file into the question bank (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", dest="fmt", choices=FORMATS, required=True)
        parser.add_argument("--category", required=True, help='e.g. "Peer coaching/Listening"')
        parser.add_argument(
            "--skip-unsupported",
            action="store_true",
            help="Import the supported questions and list the others (calculated, cloze, …) "
            "instead of refusing the file.",
        )

    def handle(self, *args, file: Path, fmt: str, category: str, skip_unsupported=False, **o):
        if not file.is_file():
            raise CommandError(_("%(file)s: no such file") % {"file": file})
        check_path_size(file, QUESTION_IMPORT_COMMAND_MAX)
        try:
            # A big GIFT file is streamed from disk, never held whole in memory.
            result = questions_import(
                path=file, fmt=fmt, category_path=category, skip_unsupported=skip_unsupported
            )
        except QuestionImportError as error:
            for message in error.messages:
                self.stderr.write(_("%(file)s: %(message)s") % {"file": file, "message": message})
            raise CommandError(
                ngettext(
                    "%(file)s: %(count)d problem; nothing was imported.",
                    "%(file)s: %(count)d problems; nothing was imported.",
                    len(error.problems),
                )
                % {"file": file, "count": len(error.problems)}
            ) from error
        if result.encoding_note is not None:
            self.stderr.write(
                _("%(file)s: %(message)s") % {"file": file, "message": result.encoding_note}
            )
        for note in result.notes:
            self.stdout.write(_("%(file)s: %(message)s") % {"file": file, "message": note})
        for problem in result.skipped:
            info = problem.unsupported
            self.stdout.write(
                _("%(file)s: skipped question %(number)s (%(type)s) “%(name)s”, line %(line)s")
                % {"file": file, "number": info["number"], "type": info["type"],
                   "name": info["name"], "line": problem.line}
            )  # fmt: skip
        # In the language of LANGUAGE/LC_ALL/LC_MESSAGES/LANG (manage.py activates it).
        self.stdout.write(
            ngettext(
                "Imported %(count)d question into %(category)s: %(summary)s.",
                "Imported %(count)d questions into %(category)s: %(summary)s.",
                len(result.question_ids),
            )
            % {"count": len(result.question_ids), "category": result.categories[0].full_path,
               "summary": result.summary}
        )  # fmt: skip
