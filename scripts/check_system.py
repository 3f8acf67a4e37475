"""Warn (never fail) about optional system packages the setup cannot install itself."""

import ctypes.util
import shutil
import sys


def main() -> int:
    warnings = []
    if not ctypes.util.find_library("pango-1.0"):
        warnings.append(
            "Pango is missing: certificate PDFs cannot be rendered. "
            "Install it with: apt-get install -y libpango-1.0-0 libpangoft2-1.0-0"
        )
    if not ctypes.util.find_library("harfbuzz-subset"):
        warnings.append(
            "libharfbuzz-subset0 is missing: PDFs render about 13x slower (fontTools fallback). "
            "Install it with: apt-get install -y libharfbuzz-subset0"
        )
    if not shutil.which("chromium"):
        warnings.append(
            "Chromium is missing: browser tests will be skipped. "
            "Install it with: apt-get install -y chromium"
        )
    if not shutil.which("xgettext"):
        warnings.append(
            "gettext is missing: makemessages and the catalogue check will not run. "
            "Install it with: apt-get install -y gettext"
        )
    for warning in warnings:
        print(f"WARNING: {warning}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
