"""Long command-line work shows a live bar on a terminal and a line per finished step."""

import io

from django.core.management import call_command

from biocampus.common.progress import Steps


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_bar_and_the_summary_lines():
    screen = Terminal()
    steps = Steps(screen)
    assert sum(steps.rows(range(5000), "skills_en.csv", total=5000)) == sum(range(5000))
    steps.done("skills_en.csv: 5,000 read (0.1 s)")
    shown = screen.getvalue()
    assert "skills_en.csv:" in shown
    assert "/5.00k" in shown  # a bar with the total
    assert "rows/s" in shown
    assert shown.endswith("skills_en.csv: 5,000 read (0.1 s)\n")


def test_a_log_file_gets_the_summary_lines_only():
    log = io.StringIO()
    steps = Steps(log)
    assert list(steps.rows(range(3), "occupations_en.csv")) == [0, 1, 2]
    steps.done("occupations_en.csv: 3 read (0.0 s)")
    assert log.getvalue() == "occupations_en.csv: 3 read (0.0 s)\n"


def test_the_import_command_reports_each_step(db, tmp_path):
    from biocampus.skills.tests.esco_fixture import write_bundle

    out = io.StringIO()
    call_command("import_esco", str(write_bundle(tmp_path)), esco_version="1.1.1", stdout=out)
    lines = out.getvalue().splitlines()
    assert any(line.startswith("skills_en.csv: ") and " read (" in line for line in lines)
    # The import's summary, then the label vectors (here: no encoder, said plainly).
    assert lines[-2].startswith("ESCO 1.1.1")
    assert lines[-1].startswith("No sentence encoder installed: skill extraction will rank")
