"""Test helpers for the extension points declared in ``lms.hooks``."""

from wagtail import hooks


def hooks_replaced(monkeypatch, hook_name: str, *functions) -> None:
    """Let only ``functions`` answer ``hook_name`` until the test ends, setting the apps'
    own registrations aside (``hooks.register_temporarily`` can add, not remove)."""
    hooks.search_for_hooks()  # the apps' wagtail_hooks first, so that they stay aside
    monkeypatch.setitem(hooks._hooks, hook_name, [(function, 0) for function in functions])
