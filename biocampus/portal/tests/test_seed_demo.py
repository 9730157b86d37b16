import datetime as dt
import itertools
import random
import re
from collections import Counter
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib.auth.hashers import check_password
from django.core.management import call_command
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from biocampus.accelerator.models import Application, Assignment, Call, KpiReport, MentorMatch
from biocampus.accounts.models import User
from biocampus.catalog.models import Programme, Session
from biocampus.common.models import AuditEvent
from biocampus.common.workdays import belgian_public_holidays
from biocampus.credentials.models import Credential, SigningKey
from biocampus.credentials.verify import verify_jwt
from biocampus.enrolment.models import Enrolment
from biocampus.facilities.models import Booking, Resource
from biocampus.immersion.models import VisitFeedback
from biocampus.outbox.models import OutboundEmail
from biocampus.outcomes import demo as outcomes_demo
from biocampus.outcomes.insights import placement_rows
from biocampus.outcomes.models import FollowUp, Hire, JobOutcome
from biocampus.outcomes.progress import jobs_filled
from biocampus.outcomes.queries import FillState, fill_state
from biocampus.portal import demo_credentials, demo_data, demo_schedule, demo_skills
from biocampus.portal.homes import learner_block
from biocampus.skills.models import (
    ContactRequest,
    HiringForecast,
    LearnerProfile,
    LearnerSkill,
    ProgrammeSkill,
    Vacancy,
)
from biocampus.skills.queries.jobs_gap import jobs_gap

pytestmark = pytest.mark.django_db


def counts() -> dict:
    return {
        "users": User.objects.count(),
        "outbox": OutboundEmail.objects.count(),
        "programmes": Programme.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "programme skills": ProgrammeSkill.objects.count(),
        "vacancies": Vacancy.objects.count(),
        "forecasts": HiringForecast.objects.count(),
        "learner skills": LearnerSkill.objects.count(),
        "profiles": LearnerProfile.objects.count(),
        "resources": Resource.objects.count(),
        "bookings": Booking.objects.count(),
        "calls": Call.objects.count(),
        "applications": Application.objects.count(),
        "kpis": KpiReport.objects.count(),
        "hires": Hire.objects.count(),
        "job outcomes": JobOutcome.objects.count(),
        "follow-ups": FollowUp.objects.count(),
        "answered": FollowUp.objects.exclude(answered_at=None).count(),
        "contact requests": ContactRequest.objects.count(),
        "closed vacancies": Vacancy.objects.filter(status="closed").count(),
        "credentials": Credential.objects.count(),
        "revoked": Credential.objects.exclude(revoked_at=None).count(),
        "signing keys": SigningKey.objects.count(),
    }


def test_every_demo_programme_has_its_skills():
    titles = {row[2] for row in demo_data.PROGRAMMES}
    assert set(demo_skills.PROGRAMME_SKILLS) == titles


def test_every_vacancy_the_outcomes_demo_fills_is_a_demo_vacancy():
    titles = {row[2] for row in demo_skills.VACANCIES}
    assert set(outcomes_demo.HIRING) <= titles
    assert outcomes_demo.DEMO_LEARNER_VACANCY in titles


def test_seed_demo_builds_the_skills_side_and_is_idempotent(capsys, client):
    call_command("seed_demo")
    first = counts()
    assert first["programmes"] >= 40
    assert first["vacancies"] == len(demo_skills.VACANCIES)
    assert first["forecasts"] == 3 * len(demo_skills.FORECASTS)
    assert LearnerSkill.objects.filter(source="verified", evidence__isnull=False).exists()
    assert LearnerProfile.objects.filter(findable=True).count() > 20
    report = jobs_gap()
    totals = report.totals()
    assert totals["demand"] > totals["ready"] > 0
    assert totals["in_training"] > 0
    assert first["resources"] >= 20
    assert first["bookings"] > 50
    assert Resource.objects.exclude(certification=None).count() >= 4
    assert Booking.objects.filter(purpose="maintenance").count() == 1
    assert first["calls"] == 2
    assert first["applications"] == 15
    assert Application.objects.filter(status="accepted").count() == 6
    assert Assignment.objects.values("reviewer").distinct().count() == 5
    assert MentorMatch.objects.filter(confirmed=True).exists()
    assert first["kpis"] == 4 * 6
    assert Application.objects.get(founder__email="founder@biocampus.test").status == "accepted"
    assert_sessions_meet_like_a_campus()
    assert_bookings_on_open_days()
    assert_the_selection_is_dated_in_order()
    assert_mentors_are_people_with_an_address()
    assert_a_year_of_outcomes()
    assert_every_job_follows_completed_training()
    assert_outcomes_are_dated_in_order()
    assert_the_demo_learner_and_employer_see_the_hire(client)
    assert_alumni_who_took_one_or_two_programmes()
    assert_placement_is_shown_for_many_programmes()
    assert_completions_earned_credentials()
    assert_certifications_expire()
    assert_the_operator_revoked_one_certification()
    call_command("seed_demo")
    assert counts() == first
    assert "nothing changed" in capsys.readouterr().out


def closed(day: dt.date) -> bool:
    """Weekends, Belgian public holidays and the Christmas shutdown (24 Dec to 1 Jan)."""
    christmas = (day.month, day.day) >= (12, 24) or (day.month, day.day) == (1, 1)
    return day.weekday() >= 5 or christmas or day in belgian_public_holidays(day.year)


def assert_sessions_meet_like_a_campus() -> None:
    local = timezone.localtime
    sessions = Session.objects.select_related("programme").prefetch_related("meetings")
    assert sessions.count() > 60
    for session in sessions:
        meetings = sorted(session.meetings.all(), key=lambda m: m.starts_at)
        # The first meeting opens the session and the last closes it, to the minute.
        assert meetings[0].starts_at == session.starts_at, session
        assert meetings[-1].ends_at == session.ends_at, session
        assert local(session.starts_at).time() in (dt.time(9), dt.time(13, 30)), session
        hours = Decimal(0)
        days: dict[dt.date, Decimal] = {}
        for m in meetings:
            start, end = local(m.starts_at), local(m.ends_at)
            assert session.starts_at <= m.starts_at < m.ends_at <= session.ends_at
            assert start.date() == end.date(), (session, start)
            assert not closed(start.date()), (session, start)
            assert start.time() >= dt.time(9), (session, start)
            assert end.time() <= dt.time(17, 30), (session, start)
            # Nobody trains through lunch: a meeting ends by 13:00 or starts from 13:30.
            assert end.time() <= dt.time(13) or start.time() >= dt.time(13, 30), (session, start)
            length = Decimal((m.ends_at - m.starts_at).total_seconds()) / 3600
            hours += length
            days[start.date()] = days.get(start.date(), 0) + length
        assert hours == session.programme.duration_hours, session
        assert max(days.values()) <= 7, session
    summer = sessions.filter(programme__title__icontains="summer")
    assert summer.filter(status="scheduled", starts_at__gt=timezone.now()).exists()
    for session in summer:
        for m in session.meetings.all():
            assert local(m.starts_at).month in (6, 7, 8), (session, m.starts_at)


def assert_bookings_on_open_days() -> None:
    for booking in Booking.objects.all():
        day, last = timezone.localdate(booking.starts_at), timezone.localdate(booking.ends_at)
        while day <= last:
            assert not closed(day), (booking, day)
            day += dt.timedelta(days=1)


def assert_the_selection_is_dated_in_order() -> None:
    applications = Application.objects.exclude(submitted_at=None).select_related("call")
    assert applications.count() == 15
    for a in applications:
        call = a.call
        assert call.opens_at <= a.created_at <= a.submitted_at <= call.closes_at, a
        if a.decided_at is not None:
            assert a.decided_at > call.closes_at, a
            for review in a.assignments.all():
                assert call.closes_at < review.assigned_at <= review.submitted_at < a.decided_at
    for match in MentorMatch.objects.select_related("application"):
        assert match.created_at > match.application.decided_at


def assert_mentors_are_people_with_an_address() -> None:
    people = User.objects.filter(
        Q(memberships__role="mentor") | Q(review_assignments__isnull=False)
    ).distinct()
    assert people.count() == 11  # six mentors, five reviewers
    names = [u.full_name for u in people]
    assert len(set(names)) == len(names)
    for user in people:
        assert not re.fullmatch(r"(Mentor|Reviewer) \d+", user.full_name), user.full_name
        assert len(user.full_name.split()) >= 2, user.full_name
        assert user.email.endswith("@biocampus.test"), user.email
    for mentor in User.objects.filter(memberships__role="mentor"):
        assert mentor.mentor_profile.tags, mentor
        assert mentor.mentor_profile.skills.exists(), mentor


def assert_a_year_of_outcomes() -> None:
    # Completed runs over the last 15 months give follow-ups at 3, 6 and 12 months.
    sent = FollowUp.objects.exclude(sent_at=None)
    for months in (3, 6, 12):
        assert sent.filter(months=months).exclude(answered_at=None).exists(), months
    assert not FollowUp.objects.filter(sent_at=None, due_on__lt=timezone.localdate()).exists()
    answers = set(FollowUp.objects.exclude(answer="").values_list("answer", flat=True))
    assert answers == {"employed", "looking"}
    asked = set(sent.values_list("learner_id", flat=True))
    answering = set(sent.exclude(answered_at=None).values_list("learner_id", flat=True))
    # Realistic non-response: a third to a half of the learners asked never answer.
    assert 0.3 <= len(asked - answering) / len(asked) <= 0.55
    answered = FollowUp.objects.exclude(answered_at=None)
    # Each answer recorded a situation, except those given with another of the same date.
    assert (
        answered.exclude(outcome=None).count()
        == JobOutcome.objects.filter(source="follow_up").count()
    )
    assert not answered.filter(answer="employed", outcome__status="looking").exists()
    hires = Hire.objects.all()
    assert hires.filter(source="campus", status="confirmed").count() >= 5
    assert hires.filter(source="external").count() >= 3
    assert hires.filter(status="declined").exists()
    for hire in hires.filter(source="campus").select_related("vacancy"):
        # Picked from the learners who accepted the employer's contact.
        assert ContactRequest.objects.filter(
            employer=hire.vacancy.employer_id, learner=hire.learner_id, status="accepted"
        ).exists(), hire
    for hire in hires.filter(status="confirmed"):
        assert hire.outcome if hire.source == "campus" else not hasattr(hire, "outcome")
    states = {v.title: fill_state(v) for v in Vacancy.objects.all()}
    assert list(states.values()).count(FillState.CLOSED_UNFILLED) >= 2
    assert FillState.FILLED in states.values()
    assert FillState.PARTLY_FILLED in states.values()
    assert FillState.OPEN in states.values()
    assert Vacancy.objects.filter(status="closed", filled_at__isnull=False).exists()
    for model in (Hire, JobOutcome, FollowUp, ContactRequest, Vacancy):
        for row in model.objects.all():
            row.validate_constraints()
    filled = jobs_filled()
    assert filled.campus_hires >= 5
    assert filled.public_campus_hires == filled.campus_hires


def assert_every_job_follows_completed_training() -> None:
    completed_before = Enrolment.objects.filter(
        learner=OuterRef("learner_id"),
        status="completed",
        session__ends_at__date__lt=OuterRef("start_date"),
    )
    jobs = JobOutcome.objects.filter(status="employed")
    assert jobs.filter(source="follow_up").exists()
    assert jobs.filter(source="hire").exists()
    assert not jobs.exclude(Exists(completed_before)).exists()
    for outcome in jobs.filter(source="follow_up").select_related("follow_up"):
        # Employed from a date before the question, and named by the learner.
        assert outcome.start_date <= outcome.follow_up.due_on, outcome
        assert outcome.employer_name, outcome
        assert outcome.contract, outcome
    assert jobs.filter(in_region=True).count() > jobs.filter(in_region=False).count() > 0


def assert_outcomes_are_dated_in_order() -> None:
    now = timezone.now()
    for f in FollowUp.objects.exclude(sent_at=None).select_related("outcome"):
        assert timezone.localdate(f.sent_at) == f.due_on, f
        if f.answered_at is not None:
            assert f.sent_at < f.answered_at <= now, f
        if f.outcome is not None:
            assert f.outcome.recorded_at == f.answered_at, f
    for hire in Hire.objects.select_related("vacancy"):
        assert hire.vacancy.created_at < hire.recorded_at <= now, hire
        if hire.answered_at is not None:
            assert hire.recorded_at < hire.answered_at <= now, hire
    for vacancy in Vacancy.objects.exclude(filled_at=None):
        assert vacancy.created_at < vacancy.filled_at <= now, vacancy
    # A year of hiring, not all of it today.
    oldest = Vacancy.objects.order_by("created_at").first().created_at
    assert now - oldest > dt.timedelta(days=300)


def assert_the_demo_learner_and_employer_see_the_hire(client) -> None:
    learner = User.objects.get(email="learner@biocampus.test")
    answers = FollowUp.objects.filter(learner=learner).exclude(answered_at=None)
    assert list(answers.values_list("answer", flat=True)) == ["looking"]
    assert learner.job_outcomes.get().status == "looking"
    [hire] = learner_block(learner)["hires_to_confirm"]
    assert hire.vacancy.employer.slug == "novaferm-biologics"
    employer = User.objects.get(email="employer@biocampus.test")
    assert hire.recorded_by == employer
    client.force_login(employer)
    page = client.get(reverse("skills:vacancy", args=[hire.vacancy_id]))
    assert learner.full_name in page.content.decode()
    client.force_login(learner)
    assert "please confirm" in client.get(reverse("portal:home")).content.decode()


def assert_alumni_who_took_one_or_two_programmes() -> None:
    alumni = User.objects.filter(email__regex=r"^alumni\d{3}@biocampus\.test$")
    assert 300 <= alumni.count() <= 1000
    completed = Count("enrolments", filter=Q(enrolments__status="completed"))
    per_alumnus = set(alumni.annotate(n=completed).values_list("n", flat=True))
    assert per_alumnus == {1, 2}
    # History only: nothing ahead, and no e-mail queued to them but the notice of each
    # credential issued to the alumni who hold some (one in ten).
    assert not Enrolment.objects.filter(learner__in=alumni, session__status="scheduled").exists()
    told = OutboundEmail.objects.filter(user__in=alumni)
    assert set(told.values_list("kind", flat=True)) == {"credential.issued"}
    held = Credential.objects.filter(learner__in=alumni).values_list("pk", flat=True)
    assert sorted(told.values_list("params__credential", flat=True)) == sorted(map(str, held))
    today = timezone.now()
    for first, last in alumni.values_list("date_joined", "enrolments__session__starts_at"):
        assert first < last < today
    # Today's learners took one to three of the past runs, not five.
    learners = User.objects.filter(email__regex=r"^learner\d{2}@biocampus\.test$")
    past = Count("enrolments", filter=Q(enrolments__session__status="completed"))
    assert max(learners.annotate(n=past).values_list("n", flat=True)) <= 3
    # Everyone has a name of their own; the demo password signs every account in.
    names = list(User.objects.values_list("full_name", flat=True))
    assert len(set(names)) == len(names)
    for email in ("alumni001@biocampus.test", "learner01@biocampus.test", "admin@biocampus.test"):
        assert check_password("biocampus-demo", User.objects.get(email=email).password), email
    # The past runs of a programme leading to a job hold 10-20 people (20-30 for the first
    # cohorts, over a year ago, the only ones measured at 12 months), within capacity.
    runs = Session.objects.filter(status="completed", programme__occupation_links__isnull=False)
    year_ago = timezone.now() - dt.timedelta(days=380)
    for session in runs.distinct():
        assert session.confirmed_seats <= session.capacity, session
        low, high = (20, 30) if session.ends_at < year_ago else (10, 20)
        assert low <= session.enrolments.count() <= high, session
    per_programme = Counter(runs.distinct().values_list("programme_id", flat=True))
    assert set(per_programme.values()) <= {2, 3, 4}


def assert_placement_is_shown_for_many_programmes() -> None:
    rows = placement_rows("programme")
    for months, at_least in ((6, 15), (12, 8)):
        rates = [r.milestones[months].rate for r in rows if r.milestones[months].rate is not None]
        assert len(rates) >= at_least, (months, len(rates))
        # Programmes differ, and a handful of people does not make every rate 0 or 100 %.
        assert max(rates) - min(rates) >= 0.2, (months, rates)
        assert sum(0 < rate < 1 for rate in rates) >= at_least * 2 // 3, (months, rates)
    operators = placement_rows("operator")
    assert any(r.milestones[12].rate is not None for r in operators)
    assert jobs_filled().campus_hires > 100


def assert_completions_earned_credentials() -> None:
    completed = Enrolment.objects.filter(status="completed")
    learners = completed.filter(
        Q(learner__email="learner@biocampus.test")
        | Q(learner__email__regex=demo_credentials.LEARNER_ACCOUNTS)
    )
    # Every completion of the accounts the demo signs in with earned its credential...
    assert learners.count() > 50
    assert not learners.filter(credential=None).exists()
    alumni = completed.filter(learner__email__startswith="alumni")
    # ... and of every tenth alumnus (alumni001, alumni011, ...), not of the others.
    sampled = Q(learner__email__regex=r"^alumni\d\d1@")
    assert alumni.filter(sampled).count() > 50
    assert not alumni.filter(sampled, credential=None).exists()
    assert not alumni.exclude(sampled).exclude(credential=None).exists()
    programmes = Credential.objects.filter(visit=None)
    assert programmes.count() == learners.count() + alumni.filter(sampled).count()
    # Each school class that came and answered holds its badge of discovery (its teacher).
    classes = Credential.objects.exclude(visit=None).select_related("visit")
    assert classes.count() == VisitFeedback.objects.count() > 5
    assert all(c.learner_id == c.visit.teacher_id for c in classes)
    for credential in programmes.select_related("enrolment__session__programme"):
        assert credential.learner_id == credential.enrolment.learner_id, credential
        assert credential.programme == credential.enrolment.session.programme, credential
        assert credential.issuer_id == credential.programme.operator_id, credential
    # One signing key per issuer (the operators, and the campus for the classes' badges).
    issuers = set(Credential.objects.values_list("issuer", flat=True))
    assert set(SigningKey.objects.values_list("issuer", flat=True)) == issuers
    assert SigningKey.objects.count() == len(issuers) >= 5
    learner = User.objects.get(email="learner@biocampus.test")
    mine = learner.credentials.get()
    assert mine.programme.title == "QC analytics: HPLC and capillary electrophoresis"
    assert verify_jwt(mine.jwt).valid


def assert_certifications_expire() -> None:
    months = dict(Programme.objects.values_list("title", "credential_valid_months"))
    certifications = {r.certification.title for r in Resource.objects.exclude(certification=None)}
    assert len(certifications) == 4
    assert {months[title] for title in certifications} == {24}
    assert months["Bonnes pratiques de fabrication (BPF)"] == 12
    assert sum(m is not None for m in months.values()) == 5
    expiring = Credential.objects.exclude(valid_until=None).select_related("programme")
    assert expiring.filter(programme__credential_valid_months=12).exists()
    assert expiring.filter(programme__title__in=certifications).count() > 20
    for credential in expiring:
        lasts = relativedelta(months=credential.programme.credential_valid_months)
        assert credential.valid_until == credential.valid_from + lasts, credential
    assert not Credential.objects.filter(
        valid_until=None, programme__credential_valid_months__isnull=False
    ).exists()


def assert_the_operator_revoked_one_certification() -> None:
    revoked = Credential.objects.exclude(revoked_at=None).select_related("programme", "learner")
    [credential] = revoked
    operator = User.objects.get(email="operator@biocampus.test")
    assert credential.revoked_reason == demo_credentials.REVOKED_BECAUSE
    assert re.fullmatch(demo_credentials.LEARNER_ACCOUNTS, credential.learner.email)
    assert credential.programme.title in demo_credentials.CERTIFICATIONS
    assert operator.memberships.filter(organisation=credential.issuer_id).exists()
    event = AuditEvent.objects.get(action="credential.revoke")
    assert (event.actor, event.object_id) == (operator, str(credential.pk))
    # Anyone verifying it reads the revocation in the issuer's published status list; the
    # reason is told to the learner alone.
    verification = verify_jwt(credential.jwt)
    assert verification.revoked
    assert not verification.valid
    assert "Revoked by the issuer" in " ".join(c.message for c in verification.checks)
    told = OutboundEmail.objects.get(kind="credential.changed")
    assert told.user == credential.learner
    assert told.params == {"credential": str(credential.pk), "event": "revoked"}


def test_past_runs_spread_over_twenty_months_without_overlapping():
    today = dt.date(2027, 5, 12)
    for seed in range(20):
        rng = random.Random(seed)
        for hours in ("3", "21", "70"):
            runs = demo_schedule.past_runs("Some course", Decimal(hours), today, rng, count=3)
            assert len(runs) >= 2
            for before, after in itertools.pairwise(runs):
                assert before[-1].ends_at < after[0].starts_at
            first, last = timezone.localdate(runs[0][0].starts_at), runs[-1][-1].ends_at
            assert today - first <= dt.timedelta(days=demo_schedule.HISTORY_DAYS)
            assert timezone.localdate(last) <= today - dt.timedelta(days=7)
            assert today - first > dt.timedelta(days=400)


@pytest.mark.parametrize(
    ("hours", "days"),
    [("3", ["3"]), ("8", ["4", "4"]), ("30", ["6"] * 5), ("40", ["7", "7"] + ["6.5"] * 4)],
)
def test_a_programme_s_hours_are_spread_over_days_of_at_most_seven(hours, days):
    assert demo_schedule.day_lengths(Decimal(hours)) == [Decimal(d) for d in days]


def test_a_run_keeps_its_local_hours_across_the_change_to_summer_time():
    # 29 March 2027 is the Monday after the clocks go forward.
    run = demo_schedule.plan(Decimal(70), dt.date(2027, 3, 22), afternoon=False)
    starts = {timezone.localtime(m.starts_at).time() for m in run}
    assert starts == {dt.time(9), dt.time(13, 30)}
    assert timezone.localtime(run[0].starts_at).date() == dt.date(2027, 3, 22)
    # Easter Monday (29 March 2027) is skipped.
    assert dt.date(2027, 3, 29) not in {timezone.localdate(m.starts_at) for m in run}


@pytest.mark.parametrize("month", range(1, 13))
def test_upcoming_runs_are_ahead_in_open_days_and_seasonal_ones_in_their_season(month):
    rng = random.Random(month)
    for day in (1, 12, 24):
        today = dt.date(2027, month, day)
        for row in demo_data.PROGRAMMES:
            title, hours = row[2], Decimal(row[7])
            runs = demo_schedule.upcoming_runs(title, hours, today, rng)
            past = demo_schedule.past_run(title, hours, today, rng)
            assert runs
            for run in [*runs, past]:
                assert sum((m.ends_at - m.starts_at for m in run), dt.timedelta()) == dt.timedelta(
                    hours=float(hours)
                )
                assert not any(closed(timezone.localdate(m.starts_at)) for m in run), title
                if "summer" in title.lower():
                    assert {timezone.localdate(m.starts_at).month for m in run} <= {7, 8}
            assert timezone.localdate(runs[0][0].starts_at) > today
            assert timezone.localdate(past[-1].ends_at) < today
