"""Who may see and change vacancies, forecasts and candidates.

Missing and not-yours look the same (404) so ids cannot be probed; a vacancy the user can
see but not change is a 403.
"""

from django.utils.translation import gettext_lazy as _

from biocampus.accounts.roles import employer_org_ids, is_campus_admin
from biocampus.common.errors import Forbidden, NotFound
from biocampus.skills.models import Vacancy, VacancyStatus


def can_manage_vacancies_of(user, employer_id: int) -> bool:
    return is_campus_admin(user) or employer_id in employer_org_ids(user)


def can_view_vacancy(user, vacancy: Vacancy) -> bool:
    return vacancy.status == VacancyStatus.OPEN or can_manage_vacancies_of(
        user, vacancy.employer_id
    )


def get_vacancy_for_user(user, vacancy_id: int, *, manage: bool = False) -> Vacancy:
    vacancy = Vacancy.objects.select_related("employer", "occupation").filter(pk=vacancy_id).first()
    if vacancy is None or not can_view_vacancy(user, vacancy):
        raise NotFound(_("Not found."))
    if manage and not can_manage_vacancies_of(user, vacancy.employer_id):
        raise Forbidden(_("Only the employer's staff may do this."))
    return vacancy
