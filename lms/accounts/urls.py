from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import login_card_views, sms_code_views, two_factor_views, views
from .forms import EmailAuthenticationForm

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("privacy/", views.privacy_notice, name="privacy"),
    path("privacy/consents/", views.privacy_consents, name="privacy_consents"),
    path(
        "login/",
        views.LoginView.as_view(authentication_form=EmailAuthenticationForm),
        name="login",
    ),
    path("logout/", views.logout_view, name="logout"),
    path("welcome/", views.after_login, name="after_login"),
    path("profile/", views.profile, name="profile"),
    path("profile/export/", views.export_data, name="export"),
    path("profile/erase/", views.erase_account, name="erase"),
    path("unlock/", views.unlock, name="unlock"),
    path("sms/", sms_code_views.sms_sign_in, name="sms_sign_in"),
    path("sms/code/", sms_code_views.sms_code, name="sms_code"),
    path("card/password/", login_card_views.card_password, name="card_password"),
    path("card/<str:token>/", login_card_views.card, name="card"),
    path("cards/", login_card_views.cards, name="cards"),
    path("cards/print/", login_card_views.cards_print, name="cards_print"),
    path("cards/<int:pk>/revoke/", login_card_views.card_revoke, name="card_revoke"),
    path("two-factor/", two_factor_views.manage, name="two_factor"),
    path("two-factor/verify/", two_factor_views.verify, name="two_factor_verify"),
    path("two-factor/codes/", two_factor_views.codes, name="two_factor_codes"),
    path("two-factor/reset/", two_factor_views.reset, name="two_factor_reset"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            email_template_name="accounts/email/password_reset.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
