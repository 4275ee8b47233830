"""URLs of the pages."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.views.decorators.http import require_GET

from consilium.web.views import (
    accounts,
    doctors,
    filing,
    moderation,
    outcomes,
    pages,
    questions,
    seo,
    tokens,
)

app_name = "web"
urlpatterns = [
    path("", pages.home, name="home"),
    path("robots.txt", seo.robots_txt, name="robots"),
    path("sitemap.xml", seo.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", seo.sitemap_section, name="sitemap-section"),
    path("questions/", pages.questions, name="questions"),
    path("topics/", pages.topics, name="topics"),
    path("questions/<int:pk>/", pages.question, name="question-short"),
    path("questions/<int:pk>/answer/new/", doctors.answer, name="answer"),
    path("ask/", questions.ask, name="ask"),
    path("urgent/", pages.urgent_care, name="urgent-care"),
    path("ask/preview/", questions.markdown_preview, name="markdown-preview"),
    path("topics/suggest/", questions.topic_suggestions, name="topic-suggestions"),
    path("questions/<int:pk>/edit/", questions.edit, name="edit-question"),
    path("questions/<int:pk>/updates/", questions.post_update, name="question-update"),
    path("questions/<int:pk>/follow/", questions.follow, name="follow"),
    path("answers/<int:pk>/edit/", questions.edit_own_answer, name="edit-answer"),
    path("answers/<int:pk>/agree/", questions.agree, name="agree"),
    path("answers/<int:pk>/helpful/", questions.helpful, name="helpful"),
    path("history/<str:kind>/<int:pk>/", questions.history, name="history"),
    # After every questions/<pk>/<word>/ page, so those words are never taken for a slug.
    path("questions/<int:pk>/<slug:slug>/", pages.question, name="question"),
    path("notifications/", questions.notifications, name="notifications"),
    path("outcomes/report/", outcomes.report, name="report-outcome"),
    path("outcomes/<int:pk>/delete/", outcomes.delete, name="delete-outcome"),
    path("outcomes/photos/<str:name>", outcomes.photo, name="outcome-photo"),
    path("topics/<slug:slug>/", pages.topic, name="topic"),
    path("doctor-home/", doctors.home, name="doctor-home"),
    path("doctors/<slug:slug>/", pages.doctor, name="doctor"),
    # One's own account
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/login/", accounts.sign_in, name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", accounts.account, name="account"),
    path("accounts/my-data.json", accounts.export_data, name="export-data"),
    path("accounts/delete/", accounts.delete, name="delete-account"),
    path(
        "accounts/notifications/",
        accounts.notification_settings,
        name="notification-settings",
    ),
    path("unsubscribe/<str:token>/", accounts.unsubscribe_email, name="unsubscribe"),
    path("accounts/tokens/", tokens.tokens, name="api-tokens"),
    path("accounts/tokens/<int:pk>/revoke/", tokens.revoke, name="revoke-api-token"),
    path(
        "accounts/password/",
        accounts.PasswordChange.as_view(
            template_name="web/accounts/password_change.html",
            success_url=reverse_lazy("web:password-change-done"),
        ),
        name="password-change",
    ),
    path(
        "accounts/password/done/",
        # Method first, so everyone gets 405 for a POST, signed in or not.
        require_GET(
            auth_views.PasswordChangeDoneView.as_view(
                template_name="web/accounts/password_change_done.html"
            )
        ),
        name="password-change-done",
    ),
    path(
        "accounts/password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name="web/accounts/password_reset.html",
            email_template_name="web/accounts/password_reset_email.txt",
            subject_template_name="web/accounts/password_reset_subject.txt",
            success_url=reverse_lazy("web:password-reset-done"),
        ),
        name="password-reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="web/accounts/password_reset_sent.html"
        ),
        name="password-reset-done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirm.as_view(
            template_name="web/accounts/password_reset_confirm.html",
            success_url=reverse_lazy("web:password-reset-complete"),
        ),
        name="password-reset-confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="web/accounts/password_reset_complete.html"
        ),
        name="password-reset-complete",
    ),
    path("accounts/doctor-application/", doctors.apply, name="doctor-apply"),
    path(
        "accounts/doctor-application/documents/",
        doctors.documents,
        name="application-documents",
    ),
    path(
        "accounts/doctor-application/documents/<int:pk>/remove/",
        doctors.remove_document,
        name="application-document-remove",
    ),
    # Served to moderators and the applicant only, never from a public media URL.
    path("doctor-documents/<int:pk>/", doctors.document, name="application-document"),
    # Flags and moderation
    path("flag/<str:kind>/<int:pk>/", moderation.flag, name="flag"),
    path("moderation/", moderation.queue, name="moderation"),
    path("moderation/log/", moderation.log, name="moderation-log"),
    # Before the decisions below, whose pattern would take "registry-check" as a decision.
    path(
        "moderation/doctors/<int:pk>/registry-check/",
        moderation.registry_check,
        name="moderation-registry-check",
    ),
    path(
        "moderation/doctors/<int:pk>/<str:decision>/",
        moderation.decide_application,
        name="moderation-doctor",
    ),
    path(
        "moderation/posts/<str:kind>/<int:pk>/<str:action>/",
        moderation.moderate_post,
        name="moderation-post",
    ),
    path("moderation/questions/<int:pk>/filing/", filing.filing, name="question-filing"),
    path("moderation/flags/<int:pk>/dismiss/", moderation.dismiss, name="moderation-dismiss"),
]
