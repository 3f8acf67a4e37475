from django.urls import include, path

from . import calendar_views, offline_views, views

app_name = "courses"

# Course, module and lesson pages are Wagtail pages under the catalogue
# (/courses/…); these are the views around them.
urlpatterns = [
    path("lab/", include(("courses.lab.urls", "lab"))),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/journal/", views.journal, name="journal"),
    path("learn/calendar/", calendar_views.calendar_settings, name="calendar"),
    path("calendar/<str:token>.ics", calendar_views.calendar_feed_view, name="calendar_feed"),
    path("learn/online-time/", views.online_time, name="online_time"),
    path("learn/courses/<int:pk>/enrol/", views.enroll, name="enroll"),
    path(
        "learn/courses/<int:pk>/offline.json", offline_views.offline_course, name="offline_course"
    ),
    path("learn/offline/sync/", offline_views.offline_sync_view, name="offline_sync"),
    path("learn/offline/", offline_views.offline_page, name="offline"),
    path("learn/sessions/<int:pk>/register/", views.session_register, name="session_register"),
    path(
        "learn/sessions/<int:pk>/unregister/",
        views.session_unregister,
        name="session_unregister",
    ),
    path("learn/sessions/", views.trainer_sessions, name="trainer_sessions"),
    path(
        "learn/sessions/<int:pk>/attendance/",
        views.session_attendance,
        name="session_attendance",
    ),
    path("learn/sessions/<int:pk>/confirm/", views.session_confirm, name="session_confirm"),
    path("learn/cohorts/", views.cohort_list, name="cohort_list"),
    path("learn/cohorts/<int:pk>/", views.cohort_progress, name="cohort_progress"),
    path(
        "learn/cohorts/<int:pk>/courses/<int:course_pk>/",
        views.cohort_progress,
        name="cohort_course_progress",
    ),
    path(
        "learn/cohorts/<int:pk>/courses/<int:course_pk>/export.csv",
        views.cohort_progress_csv,
        name="cohort_progress_csv",
    ),
]
