from django.urls import path

from biocampus.outcomes import views, views_capacity, views_reports

app_name = "outcomes"
urlpatterns = [
    path("", views_reports.outcomes_page, name="insights"),
    path("me/", views.mine, name="mine"),
    path("me/<int:outcome_id>/", views.outcome_edit, name="edit"),
    path("follow-up/<str:token>/", views.follow_up_page, name="follow_up"),
    path("hires/<int:hire_id>/answer/", views.answer_post, name="answer"),
    path("vacancies/<int:vacancy_id>/hires/", views.hire_post, name="hire"),
    path("vacancies/<int:vacancy_id>/close/", views.close_post, name="close"),
    path("capacity/", views_capacity.capacity_page, name="capacity"),
    path(
        "capacity/programmes/<int:programme_id>/sessions/",
        views_capacity.sessions_post,
        name="capacity_sessions",
    ),
]
