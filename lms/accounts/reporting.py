"""The reporting fields of a profile: category, gender, territory — who may collect what.

The rule (README "Funder reports"):

- **territory** and **participant category** are collected under the programme's own
  processing consent (``data_processing``, required to use the platform): the programme
  is organised by territory, and the lab gives local-authority staff their own role.
  Both are optional ("not stated" is a value) and never inferred.
- **gender** is collected only while the person consents to ``statistics``; without it
  the field is not offered (to the person or to a coordinator), and withdrawing the
  consent erases what was stated (``consents.consent_withdraw``).
- The funder's reports count people, never name them; counts of 1–4 are suppressed.
"""

from .consents import consent_given
from .models import ConsentRecord, Gender, ParticipantCategory, Territory

STATISTICS = ConsentRecord.Purpose.STATISTICS

__all__ = ["Gender", "ParticipantCategory", "Territory", "gender_allowed", "reported_gender"]


def gender_allowed(user) -> bool:
    """Whether ``user``'s gender may be collected and counted (the statistics consent)."""
    return consent_given(user, STATISTICS)


def reported_gender(gender: str, consented: bool) -> str:
    """The gender a report counts: the stated one only under consent, else "" (not stated)."""
    return gender if consented and gender else ""
