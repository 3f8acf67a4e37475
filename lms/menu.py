"""The one kind of admin menu entry that depends on who is looking."""

from wagtail.admin.menu import MenuItem

from lms.roles import holds


class RoleMenuItem(MenuItem):
    """An admin menu entry shown only to the people it is for: those holding one of
    ``roles`` (superusers hold every role) or, given ``permission``, that Django
    permission. A viewset takes it as
    ``menu_item_class = functools.partial(RoleMenuItem, permission=...)``."""

    def __init__(self, *args, roles=(), permission: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.roles = tuple(roles)
        self.permission = permission

    def is_shown(self, request):
        return holds(request.user, roles=self.roles, permission=self.permission)
