import datetime as dt
import json
import os
from pathlib import Path

import pytest

from biocampus.credentials.services import credential_issue
from biocampus.facilities.tests.conftest import (  # noqa: F401 - shared fixtures
    cabinet,
    lab,
)
from biocampus.outcomes.tests.test_attribution import completed

# The 1EdTech Open Badges 3.0 schemas are reference data beside the checkout, never in
# the repository: OPENBADGES_DIR names the folder (default: ../shared/data/openbadges).
DEFAULT_DIR = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "openbadges"


@pytest.fixture(scope="session")
def openbadges_dir() -> Path:
    folder = Path(os.environ.get("OPENBADGES_DIR", DEFAULT_DIR))
    if not (folder / "achievementcredential.json").exists():
        # Reference data, not the product's: a machine without it cannot run this check.
        pytest.skip(f"The 1EdTech Open Badges schemas are not at {folder}: set OPENBADGES_DIR.")
    return folder


@pytest.fixture(scope="session")
def credential_schema(openbadges_dir) -> dict:
    return json.loads((openbadges_dir / "achievementcredential.json").read_text())


@pytest.fixture
def issued(staff_a, operator_a, learner):
    enrolment = completed(staff_a, operator_a, learner, "QC analytics", dt.date(2026, 6, 1))
    return credential_issue(enrolment=enrolment)
