"""The dependency audit never says "no known vulnerabilities" for what it skipped (item 16)."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit_dependencies.py"
spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)

OFFLINE = "Dependency not found on PyPI and could not be audited: django (5.2.19)"


def test_an_unreachable_database_is_said_plainly_and_is_not_fatal(monkeypatch):
    monkeypatch.delenv("AUDIT_STRICT", raising=False)
    code, lines = audit.report({"dependencies": [{"name": "django", "skip_reason": OFFLINE}]})
    text = "\n".join(lines)
    assert code == 0
    assert "AUDIT INCOMPLETE: 1 of 1 packages could NOT be checked" in text
    assert "No package was checked" in text
    assert "No known vulnerabilities" not in text


def test_strict_mode_fails_when_packages_were_skipped(monkeypatch):
    monkeypatch.setenv("AUDIT_STRICT", "1")
    code, _lines = audit.report({"dependencies": [{"name": "django", "skip_reason": OFFLINE}]})
    assert code == 2


def test_a_vulnerability_fails_and_clean_packages_are_counted():
    data = {
        "dependencies": [
            {"name": "django", "version": "5.2.0", "vulns": [
                {"id": "PYSEC-1", "fix_versions": ["5.2.1"]}]},
            {"name": "segno", "version": "1.6", "vulns": []},
        ]
    }  # fmt: skip
    code, lines = audit.report(data)
    assert code == 1
    assert "VULNERABLE: django 5.2.0: PYSEC-1 (fixed in 5.2.1)" in lines
    code, lines = audit.report({"dependencies": [data["dependencies"][1]]})
    assert (code, lines) == (0, ["No known vulnerabilities in the 1 packages checked."])
