"""ESCO import time: the full CSV bundle into a fresh SQLite file and a fresh PostgreSQL
database, then once more into each (re-import, which must change nothing).

    .venv/bin/python bench/esco_import.py PATH [--esco-version 1.1.1]
        [--postgres postgres://postgres@127.0.0.1:5432/postgres]

PATH is an ESCO download (folder or zip), for instance ../shared/data/esco. Target: under
60 s per database.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from _setup import ROOT

PYTHON = str(ROOT / ".venv/bin/python")


def manage(database_url: str, *args: str) -> str:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1"}
    done = subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args], env=env, capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def counts(database_url: str) -> str:
    code = (
        "from biocampus.skills.models import *;"
        "print(Skill.objects.count(), Occupation.objects.count(),"
        " OccupationSkill.objects.count(), SkillLink.objects.count())"
    )
    return manage(database_url, "shell", "-c", code).strip().splitlines()[-1]


def run(label: str, database_url: str, path: str, version: str) -> None:
    manage(database_url, "migrate", "-v0")
    timings = []
    for _ in range(2):
        t0 = time.perf_counter()
        manage(database_url, "import_esco", path, "--esco-version", version, "-v0")
        timings.append(time.perf_counter() - t0)
    skills, occupations, relations, links = counts(database_url).split()
    print(
        f"{label:10s} first import {timings[0]:5.1f} s   re-import {timings[1]:5.1f} s   "
        f"({int(skills):,} skills and groups, {int(occupations):,} occupations and groups, "
        f"{int(relations):,} occupation-skill relations, {int(links):,} skill links)"
        f"  {'meets' if max(timings) < 60 else 'MISSES'} the 60 s target"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path")
    parser.add_argument("--esco-version", default="")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL server to create the scratch database on",
    )
    args = parser.parse_args()
    path = str(Path(args.path).resolve())
    print("times include starting Django (about 1 s)")
    with tempfile.TemporaryDirectory() as scratch:
        run("SQLite", f"sqlite:///{scratch}/esco.sqlite3", path, args.esco_version)

    server = urllib.parse.urlsplit(args.postgres)
    scratch_db = f"bench_esco_{os.getpid()}"
    admin = ["psql", args.postgres, "-q", "-c"]
    subprocess.run([*admin, f"CREATE DATABASE {scratch_db}"], check=True)
    try:
        run("PostgreSQL", server._replace(path=f"/{scratch_db}").geturl(), path, args.esco_version)
    finally:
        subprocess.run([*admin, f"DROP DATABASE {scratch_db}"], check=True)


if __name__ == "__main__":
    main()
