#!/usr/bin/env python3
"""Known vulnerabilities in the locked production packages, said plainly.

Runs ``pip-audit`` on ``requirements/lock.txt`` and reads its JSON report itself,
because pip-audit prints "No known vulnerabilities found" even when it could not reach
its vulnerability database and skipped every package. Here:

- a known vulnerability fails (exit 1), naming package, version, advisory and fix;
- packages that could not be checked are counted and named, with a banner saying the
  audit is INCOMPLETE; that is not fatal (CI may be offline) unless ``AUDIT_STRICT=1``
  (exit 2);
- "no known vulnerabilities" is said only for the packages actually checked.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements" / "lock.txt"


def report(data: dict) -> tuple[int, list[str]]:
    """(exit code, lines) for pip-audit's JSON report ``data``."""
    dependencies = data.get("dependencies", [])
    skipped = [d for d in dependencies if d.get("skip_reason")]
    checked = [d for d in dependencies if not d.get("skip_reason")]
    vulnerable = [d for d in checked if d.get("vulns")]
    lines: list[str] = []
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fixed release yet"
            lines.append(
                f"VULNERABLE: {dependency['name']} {dependency.get('version', '?')}: "
                f"{vuln.get('id', '?')} (fixed in {fixes})"
            )
    if skipped:
        lines.append(
            f"AUDIT INCOMPLETE: {len(skipped)} of {len(dependencies)} packages could NOT be "
            "checked (vulnerability database unreachable or package unknown); nothing is "
            "known about them:"
        )
        lines.extend(f"  not checked: {d['name']}: {d['skip_reason']}" for d in skipped)
    if checked and not vulnerable:
        lines.append(f"No known vulnerabilities in the {len(checked)} packages checked.")
    elif not checked:
        lines.append("No package was checked: this run says nothing about vulnerabilities.")
    if vulnerable:
        return 1, lines
    if skipped and os.environ.get("AUDIT_STRICT") == "1":
        return 2, lines
    return 0, lines


def main() -> int:
    command = [
        sys.executable, "-m", "pip_audit", "-r", str(LOCK), "--require-hashes",
        "--disable-pip", "--progress-spinner", "off", "-f", "json",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    try:
        data = json.loads(result.stdout or "{}")
    except json.JSONDecodeError:
        data = {}
    if not data.get("dependencies"):
        print("AUDIT NOT RUN: pip-audit gave no report; nothing was checked.")
        print(result.stderr.strip()[-2000:])
        return 2 if os.environ.get("AUDIT_STRICT") == "1" else 0
    code, lines = report(data)
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    sys.exit(main())
