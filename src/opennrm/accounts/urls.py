from django.urls import path

from opennrm.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("two-factor/", views.two_factor_verify, name="two-factor"),
    path("two-factor/backup-code/", views.two_factor_backup, name="two-factor-backup"),
    path("two-factor/set-up/", views.two_factor_set_up, name="two-factor-set-up"),
    path("backup-codes/", views.backup_codes, name="backup-codes"),
    path("", views.account, name="account"),
    path("session/", views.session_timeout, name="session-timeout"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password-reset-sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/complete/",
        views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
]
