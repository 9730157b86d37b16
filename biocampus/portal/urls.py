from django.urls import path

from biocampus.portal.views import campus, learner, operator

app_name = "portal"
urlpatterns = [
    path("", learner.home, name="home"),
    path("catalogue/", learner.catalogue, name="catalogue"),
    path("programmes/<int:programme_id>/", learner.programme_detail, name="programme"),
    path("sessions/<int:session_id>/enrol/", learner.enrol, name="enrol"),
    path("enrolments/<int:enrolment_id>/cancel/", learner.cancel, name="cancel"),
    path("my-training/", learner.my_training, name="my_training"),
    path("manage/", operator.dashboard, name="manage"),
    path("manage/programmes/new/", operator.programme_create, name="manage_programme_new"),
    path(
        "manage/programmes/<int:programme_id>/", operator.programme_detail, name="manage_programme"
    ),
    path(
        "manage/programmes/<int:programme_id>/edit/",
        operator.programme_edit,
        name="manage_programme_edit",
    ),
    path(
        "manage/programmes/<int:programme_id>/status/",
        operator.programme_status,
        name="manage_programme_status",
    ),
    path(
        "manage/programmes/<int:programme_id>/sessions/new/",
        operator.session_create,
        name="manage_session_new",
    ),
    path("manage/sessions/<int:session_id>/", operator.session_detail, name="manage_session"),
    path(
        "manage/sessions/<int:session_id>/edit/", operator.session_edit, name="manage_session_edit"
    ),
    path(
        "manage/sessions/<int:session_id>/cancel/",
        operator.session_cancel,
        name="manage_session_cancel",
    ),
    path(
        "manage/sessions/<int:session_id>/enrolments.csv",
        operator.session_csv,
        name="manage_session_csv",
    ),
    path(
        "manage/enrolments/<int:enrolment_id>/outcome/",
        operator.enrolment_outcome,
        name="manage_outcome",
    ),
    path(
        "manage/enrolments/<int:enrolment_id>/attendance/",
        operator.enrolment_attendance,
        name="manage_attendance",
    ),
    path(
        "manage/sessions/<int:session_id>/meetings/<int:meeting_id>/all-present/",
        operator.meeting_all_present,
        name="manage_all_present",
    ),
    path("campus/", campus.overview, name="campus"),
    path("campus/employers/", campus.employers, name="employers"),
    path("campus/mail/", campus.mail, name="mail"),
    path("campus/mail/<int:email_id>/resend/", campus.mail_resend, name="mail_resend"),
    path(
        "campus/employers/<int:organisation_id>/verify/",
        campus.employer_verify,
        name="employer_verify",
    ),
    path(
        "campus/employers/<int:organisation_id>/suspend/",
        campus.employer_suspend,
        name="employer_suspend",
    ),
]
