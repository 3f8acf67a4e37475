from django.urls import include, path

app_name = "assessments"

urlpatterns: list = [
    path("competencies/", include("assessments.competencies.urls")),
]
