"""Personas and builders shared by every app's tests. State is built through services."""

import datetime as dt
import os
import shutil
from decimal import Decimal

import factory
import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.utils import timezone

from biocampus.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from biocampus.catalog import services as catalog_services
from biocampus.catalog.models import Pillar, ProgrammeStatus
from biocampus.catalog.services.reference import reference_data_ensure

PASSWORD = "correct horse battery"  # noqa: S105 - test password


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            # Personas have verified their address, as verification is mandatory in production.
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    kind = OrganisationKind.TRAINING_OPERATOR


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests flush the database afterwards, migration data included."""
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        reference_data_ensure()


@pytest.fixture(autouse=True)
def _mail_through_the_outbox(settings):
    """Django's test setup swaps EMAIL_BACKEND for locmem; put the outbox back, so every
    message takes the production path (outbox row, then DELIVERY_EMAIL_BACKEND). Every
    commit nudges delivery, so a test reads what it sent at once (test_queue.py covers
    the production spacing of nudges)."""
    settings.EMAIL_BACKEND = "biocampus.outbox.backend.OutboxEmailBackend"
    settings.OUTBOX_NUDGE_SECONDS = 0


@pytest.fixture(autouse=True)
def _sentence_encoder(request, settings, tmp_path_factory):
    """The sentence encoder is installed, but only the `embeddings` tests load it (their own
    CI step): the others rank as a campus without it would, quickly and the same anywhere.
    Each test starts with no ranker built and no encoder loaded."""
    from biocampus.skills import embeddings
    from biocampus.skills.queries import suggestions

    base = tmp_path_factory.getbasetemp()
    settings.SKILL_MODELS_DIR = base / "no-trained-models"
    if request.node.get_closest_marker("embeddings"):
        if embeddings.load_embedder() is None:  # cached by a test without the encoder
            embeddings.load_embedder.cache_clear()
    else:
        settings.SKILL_EMBEDDING_MODEL = str(base / "no-encoder")
        embeddings.load_embedder.cache_clear()
    suggestions._rankers.clear()
    yield
    suggestions._rankers.clear()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Throttle counts live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


def member(org: Organisation, role: str = Role.STAFF, **user_fields) -> User:
    user = UserFactory(**user_fields)
    Membership.objects.create(user=user, organisation=org, role=role)
    return user


@pytest.fixture
def campus(db) -> Organisation:
    return OrganisationFactory(name="Campus", kind=OrganisationKind.CAMPUS)


@pytest.fixture
def campus_admin(campus) -> User:
    return member(campus, Role.ADMIN, email="admin@example.test")


@pytest.fixture
def operator_a(db) -> Organisation:
    return OrganisationFactory(name="Operator A")


@pytest.fixture
def operator_b(db) -> Organisation:
    return OrganisationFactory(name="Operator B")


@pytest.fixture
def staff_a(operator_a) -> User:
    return member(operator_a, Role.STAFF, email="staff-a@example.test")


@pytest.fixture
def trainer_a(operator_a) -> User:
    return member(operator_a, Role.TRAINER, email="trainer-a@example.test")


@pytest.fixture
def staff_b(operator_b) -> User:
    return member(operator_b, Role.STAFF, email="staff-b@example.test")


@pytest.fixture
def learner(db) -> User:
    return UserFactory(email="learner@example.test", audience="job_seeker")


@pytest.fixture
def teacher(db) -> User:
    return UserFactory(email="teacher@example.test", audience="teacher")


def make_programme(actor: User, operator: Organisation, **overrides):
    fields = {
        "title": "Aseptic processing fundamentals",
        "summary": "Gowning, cleanroom behaviour and aseptic technique.",
        "description": "Hands-on training in a grade B cleanroom training suite.",
        "pillar": Pillar.objects.get(slug="biomanufacturing"),
        "format": "on_site",
        "duration_hours": Decimal("21"),
        "status": ProgrammeStatus.PUBLISHED,
        "languages": ["en"],
        "audiences": ["job_seeker"],
    }
    fields.update(overrides)
    return catalog_services.programme_create(actor=actor, operator=operator, **fields)


def make_session(actor: User, programme, *, capacity: int = 10, days: int = 14, **overrides):
    starts = timezone.now() + dt.timedelta(days=days)
    fields = {"starts_at": starts, "ends_at": starts + dt.timedelta(hours=7), "capacity": capacity}
    fields.update(overrides)
    return catalog_services.session_create(actor=actor, programme=programme, **fields)


@pytest.fixture
def programme_a(staff_a, operator_a):
    return make_programme(staff_a, operator_a)


@pytest.fixture
def session_a(staff_a, programme_a):
    return make_session(staff_a, programme_a, capacity=3)


@pytest.fixture
def programme_b(staff_b, operator_b):
    return make_programme(
        staff_b,
        operator_b,
        title="Python for process data",
        summary="Pandas and notebooks for bioprocess data.",
        description="Read historian data, clean it and chart batch trends.",
        pillar=Pillar.objects.get(slug="data-digital"),
    )


@pytest.fixture
def session_b(staff_b, programme_b):
    return make_session(staff_b, programme_b, capacity=5)


class Api:
    """The API as one signed-in user sees it (a fresh token per user, no password throttle)."""

    def __init__(self, client, user):
        from biocampus.accounts.services import api_token_create

        self.client = client
        self.headers = {"Authorization": f"Bearer {api_token_create(user=user)[1]}"}

    def __getattr__(self, method):
        def call(url, data=None, **headers):
            if method == "get":
                return self.client.get(url, data, headers={**self.headers, **headers})
            return getattr(self.client, method)(
                url, data, content_type="application/json", headers={**self.headers, **headers}
            )

        return call


@pytest.fixture
def api_as(client):
    return lambda user: Api(client, user)


# Browser tests (marked `browser`): Debian's chromium driven by Playwright, and an axe-core
# check of every page visited.

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
# itself (not the server) are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB", timezone_id="Europe/Brussels")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def assert_accessible(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.response["passes"], "axe-core did not run any rule"
    serious = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], f"{page.url}: {serious}"
    # Every page checked is also checked for sideways scrolling at the current width.
    width = page.viewport_size["width"]
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll} px wide at {width} px"


@pytest.fixture(params=[1280, 390], ids=["desktop", "phone"])
def screen(page, request) -> int:
    """Runs a browser flow on a desktop and on a 390 px phone."""
    page.set_viewport_size({"width": request.param, "height": 900})
    return request.param


def sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    assert_accessible(page)
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def sign_out(page) -> None:
    """Sign out through the account menu in the header, as a person does."""
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible() and menu.get_attribute("aria-expanded") != "true":
        menu.click()
    page.locator(".account-menu summary").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
