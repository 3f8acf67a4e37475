from django.urls import path, re_path

from . import views

# Included from courses/urls.py under "lab/" with the namespace "lab"
# (so names read "courses:lab:<name>"). One view per action: a form posts to the
# address of what it does.
urlpatterns = [
    path("", views.path_list, name="index"),
    path("territories/<str:territory>/", views.territory_public, name="territory"),
    path("<int:path_pk>/", views.path_detail, name="path"),
    # Opening and closing a stage are two views under one name, reversed with the
    # action ("open" or "close"): the literal in each pattern picks the view.
    re_path(
        r"^(?P<path_pk>[0-9]+)/stages/(?P<pk>[0-9]+)/(?P<action>open)/$",
        views.stage_open,
        name="stage_action",
    ),
    re_path(
        r"^(?P<path_pk>[0-9]+)/stages/(?P<pk>[0-9]+)/(?P<action>close)/$",
        views.stage_close,
        name="stage_action",
    ),
    path("<int:path_pk>/problems/", views.problem_list, name="problems"),
    path("<int:path_pk>/problems/new/", views.problem_new, name="problem_new"),
    path("<int:path_pk>/problems/<int:pk>/", views.problem_detail, name="problem"),
    path(
        "<int:path_pk>/problems/<int:pk>/attachment/",
        views.problem_attachment,
        name="problem_attachment",
    ),
    path("<int:path_pk>/problems/<int:pk>/vote/", views.problem_vote, name="problem_vote"),
    path(
        "<int:path_pk>/problems/<int:pk>/vote/withdraw/",
        views.problem_vote_withdraw,
        name="problem_vote_withdraw",
    ),
    path("<int:path_pk>/problems/<int:pk>/merge/", views.problem_merge, name="problem_merge"),
    path("<int:path_pk>/problems/<int:pk>/select/", views.problem_select, name="problem_select"),
    path("<int:path_pk>/hide/<str:kind>/<int:pk>/", views.item_hide, name="hide"),
    path("<int:path_pk>/unhide/<str:kind>/<int:pk>/", views.item_unhide, name="unhide"),
    path("<int:path_pk>/hypotheses/", views.hypothesis_list, name="hypotheses"),
    path(
        "<int:path_pk>/problems/<int:problem_pk>/hypotheses/new/",
        views.hypothesis_new,
        name="hypothesis_new",
    ),
    path("<int:path_pk>/hypotheses/<int:pk>/", views.hypothesis_detail, name="hypothesis"),
    path(
        "<int:path_pk>/hypotheses/<int:pk>/history/",
        views.hypothesis_history,
        name="hypothesis_history",
    ),
    path("<int:path_pk>/proposals/", views.proposal_list, name="proposals"),
    path("<int:path_pk>/proposals/new/", views.proposal_new, name="proposal_new"),
    path("<int:path_pk>/proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path(
        "<int:path_pk>/proposals/<int:pk>/comments/",
        views.proposal_comment,
        name="proposal_comment",
    ),
    path(
        "<int:path_pk>/proposals/<int:pk>/respond/",
        views.proposal_respond,
        name="proposal_respond",
    ),
    path("<int:path_pk>/proposals/<int:pk>/submit/", views.proposal_submit, name="proposal_submit"),
    path(
        "<int:path_pk>/proposals/<int:pk>/publish/",
        views.proposal_publish,
        name="proposal_publish",
    ),
    path(
        "<int:path_pk>/proposals/<int:pk>/unpublish/",
        views.proposal_unpublish,
        name="proposal_unpublish",
    ),
    path("<int:path_pk>/proposals/<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path(
        "<int:path_pk>/proposals/<int:pk>/history/",
        views.proposal_history,
        name="proposal_history",
    ),
    path("<int:path_pk>/proposals/<int:pk>/dossier.pdf", views.proposal_pdf, name="proposal_pdf"),
    path(
        "<int:path_pk>/proposals/<int:pk>/follow-up/",
        views.proposal_follow_up,
        name="proposal_follow_up",
    ),
    path("<int:path_pk>/recognise/", views.recognise, name="recognise"),
]
