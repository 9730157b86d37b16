"""A campus day under load: 10,000 learners, 200 sessions and 60 bookable resources on
PostgreSQL, behind the production server (gunicorn, DEBUG off), visited by Locust clients
replaying the day's mix — catalogue browsing and search 60 %, programme pages 15 %,
enrolments and cancellations 10 %, lab bookings 5 %, learners' home and skills pages
10 % — at rising concurrency, a fixed number of requests per step.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/biocampus_bench \\
        .venv/bin/python bench/campus_day.py [--clients 10,50,100,200] [--requests 3000]
        [--workers 4] [--instances 2] [--pgbouncer]

Prints, per step, throughput, p50/p95/p99 per kind of request, status codes and errors
(409s of enrolments, cancellations and bookings are answers, not errors), then the
concurrency where p99 passes 300 ms. With --instances 2 it starts two gunicorn instances
behind HAProxy (Debian's package) and loads the balancer; with --pgbouncer the
instances reach PostgreSQL through PgBouncer in transaction mode (Debian's package).
Server CPU counts gunicorn and, when they run, HAProxy and PgBouncer. The campus is
seeded once (tagged "campus-day") and reused; use a fresh database for comparable runs.
"""

import argparse
import datetime as dt
import json
import os
import random
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _setup import ROOT, django_setup
from enrolment_rush import postgres_pids, process_cpu, server_pids

TAG = "campus-day"
P99_LIMIT_MS = 300


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--resources", type=int, default=60)
    parser.add_argument("--clients", default="10,50,100,200", help="concurrency steps")
    parser.add_argument("--requests", type=int, default=3000, help="requests per step")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers per instance")
    parser.add_argument("--instances", type=int, default=1, help="gunicorn instances")
    parser.add_argument(
        "--pgbouncer", action="store_true", help="connect through PgBouncer, transaction mode"
    )
    return parser.parse_args()


def _seed_campus(rng: random.Random, learners: int, sessions: int, resources: int) -> None:
    from django.utils import timezone

    from biocampus.accounts.models import Membership, Organisation, User
    from biocampus.catalog.models import Pillar
    from biocampus.catalog.services import programme_create, session_create
    from biocampus.facilities.models import Resource
    from biocampus.skills.models import LearnerSkill, Skill
    from biocampus.skills.services.campus_framework import campus_framework_load

    campus = Organisation.objects.create(name="Campus day", slug=TAG, kind="campus")
    framework = campus_framework_load()
    skills = list(Skill.objects.filter(framework=framework).values_list("pk", flat=True))
    operators = [
        Organisation.objects.create(
            name=f"Campus day operator {i}", slug=f"{TAG}-op-{i}", kind="training_operator"
        )
        for i in range(8)
    ]
    staff = User.objects.bulk_create(
        User(email=f"{TAG}-staff-{i}@bench.test", password="!") for i in range(40)
    )
    Membership.objects.bulk_create(
        Membership(user=u, organisation=operators[i % 8], role="staff") for i, u in enumerate(staff)
    )
    pillars = list(Pillar.objects.all())
    starts = timezone.now().replace(minute=0, second=0, microsecond=0)
    words = ["aseptic", "bioreactor", "gmp", "python", "cell", "quality", "cleanroom"]
    programme_count = sessions // 5
    for i in range(programme_count):
        programme = programme_create(
            actor=staff[i % 40],
            operator=operators[i % 8],
            title=f"Campus day {i} {' '.join(rng.sample(words, 2))}",
            summary=" ".join(rng.sample(words, 4)),
            pillar=pillars[i % len(pillars)],
            format="on_site",
            duration_hours=7,
            status="published",
        )
        for j in range(5):
            begin = starts + dt.timedelta(days=7 + 3 * j + i % 20, hours=1)
            session_create(
                actor=staff[i % 40],
                programme=programme,
                starts_at=begin,
                ends_at=begin + dt.timedelta(hours=7),
                capacity=rng.choice([12, 16, 20, 24]),
            )
    kinds = ["wet_lab", "cleanroom", "classroom", "meeting_room", "bioreactor", "hplc"]
    Resource.objects.bulk_create(
        Resource(
            name=f"Campus day {kinds[i % 6]} {i}",
            slug=f"{TAG}-res-{i}",
            kind=kinds[i % 6],
            capacity=12,
            organisation=campus,
        )
        for i in range(resources)
    )
    people = User.objects.bulk_create(
        (User(email=f"{TAG}-{i}@bench.test", password="!") for i in range(learners)),
        batch_size=2000,
    )
    LearnerSkill.objects.bulk_create(
        (
            LearnerSkill(learner=u, skill_id=s, source="declared")
            for u in people
            for s in rng.sample(skills, 4)
        ),
        batch_size=5000,
    )


def seed(learners: int, sessions: int, resources: int) -> dict:
    """The campus (once), and what the clients need: tokens, browser sessions, ids."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session as BrowserSession
    from django.db import transaction
    from django.utils import timezone

    from biocampus.accounts.models import ApiToken, Organisation, User
    from biocampus.accounts.services import TOKEN_PREFIX
    from biocampus.catalog.models import Pillar, Programme, Session
    from biocampus.common.tokens import token_digest
    from biocampus.facilities.models import Resource

    rng = random.Random(7)
    if not Organisation.objects.filter(slug=TAG).exists():
        with transaction.atomic():  # all of the campus or none, so a failed run reruns
            _seed_campus(rng, learners, sessions, resources)

    # Credentials are minted on every run (only digests are stored, so old ones are lost).
    expires = timezone.now() + dt.timedelta(days=2)
    learner_rows = list(
        User.objects.filter(email__startswith=f"{TAG}-", email__endswith="@bench.test")
        .exclude(email__startswith=f"{TAG}-staff-")
        .order_by("pk")
    )
    staff_rows = list(User.objects.filter(email__startswith=f"{TAG}-staff-").order_by("pk"))
    raw = {u.pk: TOKEN_PREFIX + secrets.token_urlsafe(32) for u in learner_rows + staff_rows}
    session_keys = {}
    with transaction.atomic():
        ApiToken.objects.bulk_create(
            (
                ApiToken(
                    user_id=pk,
                    name=TAG,
                    digest=token_digest(value),
                    prefix=value[:10],
                    expires_at=expires,
                )
                for pk, value in raw.items()
            ),
            batch_size=2000,
        )
        store = SessionStore()
        browser_sessions = []
        for u in learner_rows:
            key = store._get_new_session_key()
            session_keys[u.pk] = key
            data = {
                SESSION_KEY: str(u.pk),
                BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                HASH_SESSION_KEY: u.get_session_auth_hash(),
            }
            browser_sessions.append(
                BrowserSession(
                    session_key=key, session_data=store.encode(data), expire_date=expires
                )
            )
        BrowserSession.objects.bulk_create(browser_sessions, batch_size=2000)
    today = timezone.localdate()
    return {
        "learners": [{"token": raw[u.pk], "session": session_keys[u.pk]} for u in learner_rows],
        "staff": [raw[u.pk] for u in staff_rows],
        "programmes": list(
            Programme.objects.filter(operator__slug__startswith=f"{TAG}-op-").values_list(
                "pk", flat=True
            )
        ),
        "sessions": list(
            Session.objects.filter(programme__operator__slug__startswith=f"{TAG}-op-").values_list(
                "pk", flat=True
            )
        ),
        "pillars": list(Pillar.objects.values_list("slug", flat=True)),
        "resources": list(
            Resource.objects.filter(slug__startswith=f"{TAG}-res-").values_list("pk", flat=True)
        ),
        "days": [(today + dt.timedelta(days=d)).isoformat() for d in range(10, 40)],
    }


def gunicorn(port: int, workers: int, database_url: str | None) -> subprocess.Popen:
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Refused enrolments and clashing bookings are 409s, logged as warnings.
        "LOG_LEVEL": "ERROR",
        # Connections (and so PostgreSQL backends) live through the run, so the backends'
        # CPU read before and after a step is the step's own (60 s by default).
        "CONN_MAX_AGE": "3600",
    }
    if database_url:  # through PgBouncer in transaction mode: no prepared statements
        env |= {"DATABASE_URL": database_url, "DB_PREPARED_STATEMENTS": "0"}
    command = [str(ROOT / ".venv/bin/gunicorn"), "biocampus.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    command += ["--log-level", "warning"]
    return subprocess.Popen(command, cwd=ROOT, env=env)


HAPROXY_CONFIG = """\
global
    maxconn 4096
defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    timeout queue 60s
    # A busy worker answers its health check late: slow checks are not a dead server.
    timeout check 10s
    option http-server-close
frontend campus
    bind 127.0.0.1:{port}
    default_backend app
backend app
    balance leastconn
    option httpchk GET /healthz
{servers}
"""

PGBOUNCER_CONFIG = """\
[databases]
* = host={host} port={port}
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {listen}
unix_socket_dir =
auth_type = trust
auth_file = {auth_file}
pool_mode = transaction
default_pool_size = 10
max_client_conn = 1000
"""


def wait_for(port: int, path: str = "/healthz") -> bool:
    import http.client

    for _ in range(300):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


def pgbouncer() -> tuple[subprocess.Popen, str]:
    """PgBouncer (Debian's package) in transaction mode in front of the database."""
    from django.db import connection

    params = connection.get_connection_params()
    folder = Path(tempfile.mkdtemp())
    folder.chmod(0o755)  # PgBouncer refuses to run as root: it runs as postgres
    user = params.get("user") or "postgres"
    (folder / "users.txt").write_text(f'"{user}" ""\n')
    (folder / "pgbouncer.ini").write_text(
        PGBOUNCER_CONFIG.format(
            host=params.get("host") or "127.0.0.1",
            port=params.get("port") or 5432,
            listen=6432,
            auth_file=folder / "users.txt",
        )
    )
    for name in ("users.txt", "pgbouncer.ini"):
        (folder / name).chmod(0o644)
    binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    command = [binary, "--quiet", str(folder / "pgbouncer.ini")]
    if os.geteuid() == 0:
        command[1:1] = ["-u", "postgres"]
    proc = subprocess.Popen(command)
    time.sleep(0.5)
    return proc, f"postgres://{user}@127.0.0.1:6432/{params['dbname']}"


def start(instances: int, workers: int, with_pgbouncer: bool) -> tuple[list[subprocess.Popen], str]:
    """Gunicorn instance(s), HAProxy in front of them when there are several, and
    PgBouncer between them and PostgreSQL if asked."""
    procs, database_url = [], None
    if with_pgbouncer:
        bouncer, database_url = pgbouncer()
        procs.append(bouncer)
    procs += [gunicorn(8101 + i, workers, database_url) for i in range(instances)]
    url = "http://127.0.0.1:8101"
    ready = all(wait_for(8101 + i) for i in range(instances))
    if ready and instances > 1:
        haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
        servers = "\n".join(
            # One request per sync worker at a time; the rest wait in HAProxy's queue,
            # which hands them to whichever instance frees a worker first.
            f"    server app{i} 127.0.0.1:{8101 + i} maxconn {workers} check inter 5s fall 3"
            for i in range(instances)
        )
        config = Path(tempfile.mkdtemp()) / "haproxy.cfg"
        config.write_text(HAPROXY_CONFIG.format(port=8100, servers=servers))
        procs.append(subprocess.Popen([haproxy, "-f", str(config), "-db"]))
        url = "http://127.0.0.1:8100"
        ready = wait_for(8100)
    if not ready:
        for proc in procs:
            proc.terminate()
        raise SystemExit("the servers did not start")
    return procs, url


def children_cpu() -> float:
    """CPU seconds of finished child processes: the Locust runs."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def load(url: str, data_file: str, clients: int, requests: int) -> dict:
    command = [sys.executable, str(ROOT / "bench/campus_day_load.py"), url, data_file]
    command += ["--clients", str(clients), "--requests", str(requests)]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def report(step: dict, cpu: dict[str, float]) -> None:
    print(
        f"\n{step['clients']} clients: {step['requests']} requests, "
        f"{step['throughput']:.0f} requests/s, p50 {step['p50']:.0f} ms, "
        f"p95 {step['p95']:.0f} ms, p99 {step['p99']:.0f} ms, errors {step['errors']}"
    )
    per = {k: v * 1000 / step["requests"] for k, v in cpu.items()}
    print(
        f"  CPU per request: server {per['server']:.1f} ms, PostgreSQL {per['db']:.1f} ms, "
        f"load generator {per['clients']:.1f} ms ({os.cpu_count()} CPUs)"
    )
    print(f"  {'kind':<15} {'requests':>8} {'p50':>5} {'p95':>5} {'p99':>5} {'errors':>6}  status")
    for kind, f in step["kinds"].items():
        codes = " ".join(f"{c}:{n}" for c, n in f["status"].items())
        print(
            f"  {kind:<15} {f['requests']:>8} {f['p50']:>5.0f} {f['p95']:>5.0f} "
            f"{f['p99']:>5.0f} {f['errors']:>6}  {codes}"
        )
    for failure in step["failures"]:
        print(f"  ! {failure['kind']}: {failure['count']} x {failure['error']}")


def main() -> None:
    args = parse_args()
    django_setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        print("warning: DATABASE_URL is not PostgreSQL; the figures will not mean much")
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    t0 = time.perf_counter()
    data = seed(args.learners, args.sessions, args.resources)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()
    print(
        f"campus: {len(data['learners'])} learners, {len(data['sessions'])} sessions, "
        f"{len(data['resources'])} resources (ready in {time.perf_counter() - t0:.0f} s)"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(data, f)
    procs, url = start(args.instances, args.workers, args.pgbouncer)
    layout = f"{args.instances} gunicorn instance(s) x {args.workers} sync workers"
    layout += " behind HAProxy" if args.instances > 1 else ""
    layout += ", through PgBouncer (transaction mode)" if args.pgbouncer else ""
    print(f"server: {layout}, {url}")
    crossing = None
    ok = True
    try:
        load(url, f.name, 10, 300)  # every worker booted and connected before the clock
        for clients in [int(c) for c in args.clients.split(",")]:
            app = [p for proc in procs for p in server_pids(proc)]
            db0 = {pid: process_cpu([pid]) for pid in postgres_pids()}
            before = (process_cpu(app), children_cpu())
            step = load(url, f.name, clients, args.requests)
            after = (process_cpu(app), children_cpu())
            # Backends alive at the end, counted from the start or from their birth: one
            # that ended during the step (CONN_MAX_AGE reconnects, autovacuum) took its
            # figure with it, so this is a floor.
            db1 = {pid: process_cpu([pid]) for pid in postgres_pids()}
            db = sum(max(0.0, cpu - db0.get(pid, 0.0)) for pid, cpu in db1.items())
            cpu = {"server": after[0] - before[0], "db": db, "clients": after[1] - before[1]}
            report(step, cpu)
            ok = ok and step["errors"] == 0
            if crossing is None and step["p99"] > P99_LIMIT_MS:
                crossing = clients
    finally:
        for proc in reversed(procs):  # the balancer first, PgBouncer last
            proc.terminate()
            proc.wait(10)
        Path(f.name).unlink()
    print(
        f"\np99 passes {P99_LIMIT_MS} ms at: "
        + (f"{crossing} clients" if crossing else "no step measured (it stays under)")
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
