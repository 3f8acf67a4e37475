from wagtail import hooks

from lms import hooks as lms_hooks

from . import services


@hooks.register(lms_hooks.CONSENT_WITHDRAWN)
def skip_queued_when_opt_in_withdrawn(*, user, purpose):
    channel = services.CHANNEL_OF_PURPOSE.get(purpose)
    if channel is not None:
        services.messages_skip_withdrawn(user=user, channel=channel)


@hooks.register(lms_hooks.PERSONAL_DATA_SECTIONS)
def notifications_personal_data(*, user):
    return services.personal_data(user)
