"""Domain exceptions for competencies."""


class CompetencyError(Exception):
    """A competency write that the rules of the domain refuse (message says why)."""


class InterchangeError(Exception):
    """A framework file that cannot be imported; ``errors`` lists (where, reason) pairs."""

    def __init__(self, errors: list[tuple[str, str]], partial=None):
        self.errors = errors
        #: ``(FrameworkData, where)`` read despite the errors, so the checks that need
        #: the whole framework can still run and every problem be reported at once.
        self.partial = partial
        super().__init__("; ".join(f"{where}: {reason}" for where, reason in errors))
