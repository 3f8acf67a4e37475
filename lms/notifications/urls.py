from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("learn/reminders/", views.reminders, name="reminders"),
]
