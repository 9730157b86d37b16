from django.urls import path

from biocampus.skills.views import employer, insights, learner, operator, vacancies

app_name = "skills"
urlpatterns = [
    path("me/", learner.my_skills, name="my_skills"),
    path("me/options/", learner.skill_options, name="skill_options"),
    path("me/add/", learner.skills_add, name="skills_add"),
    path("me/<int:skill_id>/remove/", learner.skill_remove, name="skill_remove"),
    path("me/consent/", learner.consent, name="consent"),
    path("me/contacts/<int:request_id>/accept/", learner.contact_accept, name="contact_accept"),
    path("me/contacts/<int:request_id>/decline/", learner.contact_decline, name="contact_decline"),
    path("me/extract/", learner.extract, name="extract"),
    path("me/vacancies/", learner.my_vacancies, name="my_vacancies"),
    path("jobs/", learner.jobs, name="jobs"),
    path("jobs/<int:occupation_id>/", learner.job_detail, name="job"),
    path("jobs/<int:occupation_id>/target/", learner.set_target, name="set_target"),
    path("jobs/<int:occupation_id>/pathway/", learner.pathway, name="pathway"),
    path("jobs/<int:occupation_id>/pathway/enrol/", learner.pathway_enrol, name="pathway_enrol"),
    path("hiring/", employer.dashboard, name="employer"),
    path("hiring/verification/", employer.verification, name="verification"),
    path("hiring/vacancies/new/", employer.vacancy_form, name="vacancy_new"),
    path("hiring/vacancies/<int:vacancy_id>/", employer.vacancy_detail, name="vacancy"),
    path("hiring/vacancies/<int:vacancy_id>/edit/", employer.vacancy_form, name="vacancy_edit"),
    path(
        "hiring/vacancies/<int:vacancy_id>/delete/", employer.vacancy_delete, name="vacancy_delete"
    ),
    path("hiring/vacancies/<int:vacancy_id>/skill/", employer.vacancy_skill, name="vacancy_skill"),
    path(
        "hiring/vacancies/<int:vacancy_id>/candidates/<int:learner_id>/contact/",
        employer.contact_request,
        name="contact_request",
    ),
    path("jobs-gap/", insights.jobs_gap_page, name="jobs_gap"),
    path("vacancies/<int:vacancy_id>/", vacancies.vacancy_public, name="vacancy_public"),
    path(
        "programmes/<int:programme_id>/",
        operator.programme_skills_page,
        name="programme_skills",
    ),
    path(
        "programmes/<int:programme_id>/options/",
        operator.programme_skill_options,
        name="programme_skill_options",
    ),
    path(
        "programmes/<int:programme_id>/skill/",
        operator.programme_skill_post,
        name="programme_skill",
    ),
    path(
        "programmes/<int:programme_id>/occupation/",
        operator.programme_occupation_post,
        name="programme_occupation",
    ),
]
