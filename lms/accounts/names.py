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


def certificate_name(user) -> str:
    """The name ``user`` gave to be printed on certificates: given name(s), then family
    name(s), as written (any script). "" while they have not given it: certificates
    never fall back to the display name (``certificates.printable``)."""
    profile = getattr(user, "profile", None) if user is not None else None
    if profile is None:
        return ""
    given = profile.certificate_given_name.strip()
    if not given:  # a single name is written as the given name; the family name may be empty
        return ""
    return " ".join(part for part in (given, profile.certificate_family_name.strip()) if part)


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


def person_reference(user) -> str | None:
    """How an export names another person: their e-mail address, or their username for
    someone without one (issue 19: e-mail is optional). None for no user."""
    if user is None:
        return None
    return user.email or user.get_username()
