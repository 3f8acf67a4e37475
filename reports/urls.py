from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report, name="report"),
    path("export/", views.export, name="export"),
    path("people/", views.people, name="people"),
    path("people/<int:pk>/", views.person, name="person"),
]
