"""Dependencies point one way: content ← courses ← assessments ← certificates.

Every import statement of the four apps, at module level or inside a function, is read
from the source; none may name an app further up the chain. (The project package
``lms`` and ``bench`` stand outside the chain.)
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHAIN = ["content", "courses", "assessments", "certificates"]


def _imported_apps(path: Path) -> set[tuple[int, str]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in CHAIN:
                found.add((node.lineno, top))
    return found


@pytest.mark.parametrize("app", CHAIN)
def test_no_app_imports_one_further_up_the_chain(app):
    rank = CHAIN.index(app)
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {other}"
        for path in sorted((ROOT / app).rglob("*.py"))
        for line, other in _imported_apps(path)
        if CHAIN.index(other) > rank
    ]
    assert wrong == []
