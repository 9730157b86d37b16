import pytest

from biocampus.skills.queries import occupation_search, skill_search
from biocampus.skills.services.campus_framework import campus_framework_load

pytestmark = pytest.mark.django_db


def codes(qs, n=5):
    return [c.code for c in qs[:n]]


def test_autocomplete_is_accent_and_case_insensitive_across_labels():
    campus_framework_load()
    assert codes(skill_search("ÉLECTROPHORÈSE"))[0] == "electrophoresis"
    assert codes(skill_search("electrophorese"))[0] == "electrophoresis"
    assert "cip-sip" in codes(skill_search("clean in place"))  # an alternative label
    assert "gmp" in codes(skill_search("bpf"))  # a French alternative label
    assert codes(skill_search("process chrom"))[0] == "chromatography"  # label start first
    assert all(s.labels["en"].startswith("Data") for s in skill_search("data")[:4])
    assert codes(skill_search("python data"))[0] == "python-process-data"  # every word
    assert skill_search("zzzz-nothing").count() == 0
    assert skill_search("", framework="biocampus").count() == skill_search("").count()
    assert skill_search("gmp", framework="esco").count() == 0
    assert codes(occupation_search("analyste"))[0] == "qc-analyst"
