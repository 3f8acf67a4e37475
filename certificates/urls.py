from django.urls import path, re_path

from . import signoff_views, views

app_name = "certificates"

CODE = r"(?P<code>[0-9A-Z]{4}(?:-[0-9A-Z]{4}){4})"

urlpatterns = [
    path("certificates/", views.my_certificates, name="mine"),
    path("certificates/rules/", views.rule_list, name="rules"),
    path("certificates/rules/<int:pk>/", views.eligibility, name="eligibility"),
    path("certificates/signoff/", signoff_views.signoff_page, name="signoff"),
    path(
        "certificates/signoff/<int:pk>/revoke/",
        signoff_views.signoff_revoke,
        name="signoff_revoke",
    ),
    path("certificates/batches/<int:pk>/", views.batch_progress, name="batch"),
    re_path(rf"^certificates/{CODE}/pdf/$", views.download_pdf, name="pdf"),
    re_path(
        rf"^certificates/{CODE}/badge\.(?P<fmt>json|jwt)$",
        views.download_credential,
        name="credential",
    ),
    re_path(rf"^certificates/{CODE}/visibility/$", views.set_visibility, name="visibility"),
    re_path(rf"^certificates/{CODE}/manage/$", views.manage, name="manage"),
]
