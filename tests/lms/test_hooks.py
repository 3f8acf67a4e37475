"""The extension points of lms/hooks.py: each declared one is answered by an app."""

from wagtail import hooks

from lms import hooks as lms_hooks

DECLARED = {
    value for name, value in vars(lms_hooks).items() if name.isupper() and isinstance(value, str)
}


def test_every_declared_extension_point_has_a_registered_function():
    """A registration under a misspelt name would leave its point silently unanswered."""
    assert len(DECLARED) == 12
    unanswered = sorted(name for name in DECLARED if not hooks.get_hooks(name))
    assert unanswered == []
