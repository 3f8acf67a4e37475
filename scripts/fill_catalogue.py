"""Developer tool: fill .po catalogues from a Python mapping of translations.

Usage: python scripts/fill_catalogue.py APP_DIR MAPPING.py [VAR]
MAPPING.py defines VAR (default T) = {msgid: (it, fr, ar)}. English gets msgstr = msgid.
Existing translations are kept unless the mapping gives a new one.
"""

import runpy
import sys
from pathlib import Path

import polib

LANGS = ("it", "fr", "ar")


def main() -> int:
    app_dir, mapping_path = Path(sys.argv[1]), sys.argv[2]
    var = sys.argv[3] if len(sys.argv) > 3 else "T"
    mapping = runpy.run_path(mapping_path)[var]
    missing = 0
    for lang in ("it", "en", "fr", "ar"):
        path = app_dir / "locale" / lang / "LC_MESSAGES" / "django.po"
        po = polib.pofile(str(path))
        po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
        po.metadata["Language"] = lang
        for entry in po:
            if entry.msgid_plural:
                continue
            if lang == "en":
                entry.msgstr = entry.msgid
            elif entry.msgid in mapping:
                entry.msgstr = mapping[entry.msgid][LANGS.index(lang)]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            if not entry.msgstr:
                missing += 1
                print(f"{lang}: untranslated: {entry.msgid!r}")
        po.save()
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
