from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from lms.accounts.personal_data import register_section

        from .personal_data import courses_personal_data

        register_section("courses", courses_personal_data)
