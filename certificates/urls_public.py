"""Language-neutral public URLs: verification, the issuer profile and its keys."""

from django.urls import path, re_path

from . import views_public

app_name = "certificates_public"

CODE = r"(?P<code>[0-9A-Za-z\-]{16,40})"

urlpatterns = [
    path("verify/", views_public.verify_form, name="verify_form"),
    re_path(rf"^verify/{CODE}\.json$", views_public.verify_json, name="verify_json"),
    re_path(rf"^verify/{CODE}/$", views_public.verify, name="verify"),
    path(".well-known/jwks.json", views_public.jwks, name="jwks"),
    path("issuer/", views_public.issuer, name="issuer"),
    path("issuer/keys/<str:thumbprint>", views_public.key, name="key"),
    path("credentials/status/revocation", views_public.status_list, name="status_list"),
    path("certificates/achievements/<int:pk>/", views_public.achievement, name="achievement"),
]
