"""Who may see and change occupations, vacancies and forecasts.

Missing and not-yours look the same (404) so ids cannot be probed; a vacancy the user can
see but not change is a 403.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import User, Verification
from biocampus.accounts.roles import employer_org_ids, is_campus_admin
from biocampus.common.errors import Forbidden, NotFound
from biocampus.skills.models import (
    ContactRequest,
    Occupation,
    OccupationKind,
    Vacancy,
    VacancyStatus,
)


def can_manage_vacancies_of(user: User, employer_id: int) -> bool:
    return is_campus_admin(user) or employer_id in employer_org_ids(user)


def vacancy_is_public(vacancy: Vacancy) -> bool:
    """Open, not past its closing date, and its employer verified."""
    return (
        vacancy.status == VacancyStatus.OPEN
        and vacancy.closes_on >= timezone.localdate()
        and vacancy.employer.verification == Verification.VERIFIED
    )


def can_view_vacancy(user: User, vacancy: Vacancy) -> bool:
    """Open vacancies of verified employers are public; the rest are their employer's."""
    return vacancy_is_public(vacancy) or can_manage_vacancies_of(user, vacancy.employer_id)


def get_vacancy_for_user(user: User, vacancy_id: int, *, for_change: bool = False) -> Vacancy:
    """An open vacancy, or any vacancy of the employers the user recruits for.
    `for_change`: the user recruits for its employer."""
    vacancy = Vacancy.objects.select_related("employer", "occupation").filter(pk=vacancy_id).first()
    if vacancy is None or not can_view_vacancy(user, vacancy):
        raise NotFound(_("Not found."))
    if for_change and not can_manage_vacancies_of(user, vacancy.employer_id):
        raise Forbidden(_("Only the employer's staff may do this."))
    return vacancy


def get_occupation_for_user(user: User, occupation_id: int) -> Occupation:
    """An occupation (not a group of occupations) of any framework: they are public."""
    occupation = (
        Occupation.objects.select_related("framework", "pillar")
        .filter(pk=occupation_id, kind=OccupationKind.OCCUPATION)
        .first()
    )
    if occupation is None:
        raise NotFound(_("Unknown occupation."))
    return occupation


def get_contact_request_for_user(user: User, request_id: int) -> ContactRequest:
    """A contact request addressed to the user."""
    request = ContactRequest.objects.select_related("employer").filter(pk=request_id).first()
    if request is None or request.learner_id != getattr(user, "pk", None):
        raise NotFound(_("Not found."))
    return request
