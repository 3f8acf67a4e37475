"""Domain exceptions for competencies."""


class CompetencyError(Exception):
    """A competency write that the rules of the domain refuse (message says why)."""


class InterchangeError(Exception):
    """A framework file that cannot be imported; ``errors`` lists (where, reason) pairs."""

    def __init__(self, errors: list[tuple[str, str]]):
        self.errors = errors
        super().__init__("; ".join(f"{where}: {reason}" for where, reason in errors))
