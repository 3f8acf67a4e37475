from django.urls import include, path

from . import offline_views, views

app_name = "assessments"

urlpatterns = [
    path("quiz/attempt/<int:pk>/", views.attempt_take, name="attempt"),
    path("quiz/attempt/<int:pk>/autosave/", views.attempt_autosave, name="autosave"),
    path("quiz/attempt/<int:pk>/summary/", views.attempt_summary, name="summary"),
    path("quiz/attempt/<int:pk>/offline/", offline_views.attempt_offline, name="offline_answers"),
    path("quiz/attempt/<int:pk>/review/", views.attempt_review, name="review"),
    path("competencies/", include("assessments.competencies.urls")),
]
