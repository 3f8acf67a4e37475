from django.urls import path, re_path

from . import signoff_views, views, views_packs, views_public, views_registers
from .urls_public import CODE as PUBLIC_CODE

app_name = "certificates"

CODE = r"(?P<code>[0-9A-Z]{4}(?:-[0-9A-Z]{4}){4})"

urlpatterns = [
    # The verification pages in a language (/en/verify/…); /verify/… (urls_public) picks
    # the visitor's language and sends them here.
    path("verify/", views_public.verify_form, name="verify_form"),
    re_path(rf"^verify/{PUBLIC_CODE}/$", views_public.verify, name="verify"),
    path("certificates/", views.my_certificates, name="mine"),
    path("certificates/rules/", views.rule_list, name="rules"),
    path("certificates/people/<int:user_id>/name/", views.holder_name, name="holder_name"),
    path("certificates/rules/<int:pk>/", views.eligibility, name="eligibility"),
    path("certificates/signoff/", signoff_views.signoff_page, name="signoff"),
    path(
        "certificates/signoff/<int:pk>/revoke/",
        signoff_views.signoff_revoke,
        name="signoff_revoke",
    ),
    path(
        "learn/sessions/<int:pk>/register.pdf",
        views_registers.session_register_pdf,
        name="register_pdf",
    ),
    path(
        "learn/sessions/<int:pk>/register.csv",
        views_registers.session_register_csv,
        name="register_csv",
    ),
    path("certificates/batches/<int:pk>/", views.batch_progress, name="batch"),
    path("certificates/cohorts/<int:pk>/pack/", views_packs.cohort_pack, name="pack"),
    path("certificates/cohorts/<int:pk>/pack.zip", views_packs.cohort_pack_zip, name="pack_zip"),
    re_path(rf"^certificates/{CODE}/pdf/$", views.download_pdf, name="pdf"),
    re_path(
        rf"^certificates/{CODE}/badge\.(?P<fmt>json|jwt)$",
        views.download_credential,
        name="credential",
    ),
    re_path(rf"^certificates/{CODE}/visibility/$", views.set_visibility, name="visibility"),
    re_path(rf"^certificates/{CODE}/manage/$", views.manage, name="manage"),
]
