"""How a person is named wherever the platform shows them to someone else."""


def display_name(user) -> str:
    """The name ``user`` chose on their profile; failing that their full name, their
    e-mail address, their username. "" for no user (an erased author, say), so that
    a template can say what to show instead."""
    if user is None:
        return ""
    profile = getattr(user, "profile", None)
    return (
        (profile.display_name if profile else "")
        or user.get_full_name()
        or user.email
        or user.get_username()
    )


#: The username prefix of the inactive account that stands for an erased person.
PSEUDONYM_PREFIX = "erased-"

#: Why records of an erased person are kept (under their pseudonym), wherever it is said.
ERASURE_LEGAL_BASIS = "GDPR Art. 17(3)(b)"


def is_pseudonym(user) -> bool:
    """Whether ``user`` is the pseudonym of an erased person (no name, e-mail, password)."""
    return (
        user is not None
        and not user.is_active
        and user.get_username().startswith(PSEUDONYM_PREFIX)
        and not user.email
    )
