from django.urls import path

from biocampus.accelerator import views

app_name = "accelerator"
urlpatterns = [
    path("", views.home, name="home"),
    path("calls/<int:call_id>/", views.call_detail, name="call"),
    path("calls/<int:call_id>/apply/", views.apply, name="apply"),
    path("applications/<int:application_id>/", views.application_page, name="application"),
    path(
        "applications/<int:application_id>/submit/",
        views.application_submit_page,
        name="application_submit",
    ),
    path("applications/<int:application_id>/kpis/", views.kpi_post, name="kpis"),
    path("applications/<int:application_id>/needs/", views.needs_post, name="needs"),
    path("applications/<int:application_id>/milestones/", views.milestone_post, name="milestones"),
    path("mentor/", views.mentor_page, name="mentor"),
    path("reviews/", views.reviews, name="reviews"),
    path("reviews/<int:application_id>/", views.review, name="review"),
    path("reviews/<int:application_id>/conflict/", views.conflict, name="conflict"),
    path("manage/", views.manage, name="manage"),
    path("manage/calls/<int:call_id>/", views.manage_call, name="manage_call"),
    path("manage/calls/<int:call_id>/match/", views.match_adjust_post, name="match_adjust"),
    path("manage/calls/<int:call_id>/assign/", views.reviewer_assign, name="reviewer_assign"),
    path("manage/calls/<int:call_id>/select/", views.cohort_select, name="cohort_select"),
    path("manage/calls/<int:call_id>/propose/", views.matches_propose, name="matches_propose"),
    path("manage/calls/<int:call_id>/confirm/", views.matches_confirm, name="matches_confirm"),
]
