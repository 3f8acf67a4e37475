"""Wagtail admin messages whose Italian does not agree in gender.

Wagtail's Italian says "%(model_name)s '%(object)s' creato" whatever the noun, so staff
read "Domanda 'Ascolto' creato". These msgids are listed here so that makemessages puts
them in lms/locale, where the Italian is worded without a participle that must agree
(lms comes first in INSTALLED_APPS, so its catalogue wins over Wagtail's).
"""

from django.utils.translation import gettext_noop

OVERRIDDEN = (
    gettext_noop("%(model_name)s '%(object)s' created."),
    gettext_noop("%(model_name)s '%(object)s' updated."),
    gettext_noop("%(model_name)s '%(object)s' deleted."),
    gettext_noop("%(model_name)s '%(object)s' created and published."),
    gettext_noop("%(model_name)s '%(object)s' updated and published."),
    gettext_noop("%(model_name)s '%(object)s' has been scheduled for publishing."),
    gettext_noop("%(model_name)s '%(object)s' created and scheduled for publishing."),
    gettext_noop("%(model_name)s '%(object)s' has been submitted for moderation."),
    gettext_noop("%(model_name)s '%(object)s' created and submitted for moderation."),
)
