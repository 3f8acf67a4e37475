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
