"""Competency pages, included from ``assessments/urls.py`` under ``competencies/``."""

from django.urls import path

from . import needs_views, raters_views, signoff_views, views

app_name = "competencies"

urlpatterns = [
    path("", views.my_map, name="map"),
    path("learners/<int:user_id>/", views.learner_map, name="learner_map"),
    path("observe/", views.observe, name="observe"),
    path("signoff/", signoff_views.signoff_page, name="signoff"),
    path("signoff/<int:pk>/revoke/", signoff_views.signoff_revoke, name="signoff_revoke"),
    path("raters/", raters_views.raters_page, name="raters"),
    path("raters/moderate/<int:pk>/", raters_views.moderate, name="moderate"),
    path("raters/peers/", raters_views.peer_authorise, name="peer_authorise"),
    path("raters/peers/<int:pk>/withdraw/", raters_views.peer_revoke, name="peer_revoke"),
    path("peer-observe/", raters_views.peer_observe, name="peer_observe"),
    path("heatmap/", views.heatmap, name="heatmap"),
    path("needs/", views.needs_report, name="needs"),
    path("needs/export.csv", views.needs_report_csv, name="needs_csv"),
    path("needs/territories/", needs_views.territory_needs, name="territory_needs"),
    path(
        "needs/territories/export.csv", needs_views.territory_needs_csv, name="territory_needs_csv"
    ),
    path("needs/plan/", needs_views.plan_link, name="plan_link"),
    path("needs/plan/<int:pk>/remove/", needs_views.plan_unlink, name="plan_unlink"),
    path("focus-groups/", needs_views.focus_group_list, name="focus_groups"),
    path("focus-groups/new/", needs_views.focus_group_new, name="focus_group_new"),
    path("focus-groups/<int:pk>/", needs_views.focus_group_detail, name="focus_group"),
    path("self-assessment/<int:pk>/", views.self_assessment, name="self_assessment"),
    path(
        "self-assessment/<int:pk>/open-end/",
        views.self_assessment_open_end,
        name="self_assessment_open_end",
    ),
    path("prior-learning/", views.prior_learning_new, name="prior_learning"),
    path("claims/", views.claims, name="claims"),
    path("claims/<int:pk>/file/", views.claim_file, name="claim_file"),
    path("claims/<int:pk>/decide/", views.claim_decide, name="claim_decide"),
]
