"""Enrolment rush: N learners enrol at once in a session of capacity C, through the API of
a running production server (gunicorn) on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/biocampus_bench \\
        .venv/bin/python bench/enrolment_rush.py [--learners 500] [--capacity 50] [--runs 5]

Without --url the script migrates the database, starts gunicorn itself (DEBUG off) and
stops it afterwards. Each run prints requests/s, p50/p99 latency, confirmed seats against
capacity and the seat ledger, whether waiting-list positions are contiguous, whether
every enrolment has its audit row and its e-mail row, and PostgreSQL's own ceiling for one
locked row (pgbench: SELECT ... FOR UPDATE + UPDATE on a single row) with the ratio;
several runs end with min / median / max. ENROLMENT_LEAN_ROUTE=0 in the environment
sends every request through the full request cycle, for comparison.
"""

import argparse
import datetime as dt
import http.client
import itertools
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from _setup import ROOT, django_setup, percentile


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=500)
    parser.add_argument("--capacity", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=8, help="client connections")
    parser.add_argument("--url", help="a server that is already running (default: start one)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class")
    parser.add_argument("--pgbench-seconds", type=int, default=5)
    parser.add_argument(
        "--runs", type=int, default=1, help="rushes in a row, each on a fresh session"
    )
    return parser.parse_args()


_RUNS = itertools.count(1)


def prepare(learners: int, capacity: int) -> tuple[int, list[str]]:
    """A fresh published programme and session, and one API token per learner."""
    from django.utils import timezone

    from biocampus.accounts.models import Membership, Organisation, User
    from biocampus.accounts.services import api_token_create
    from biocampus.catalog.models import Pillar
    from biocampus.catalog.services import programme_create, session_create

    run = f"{time.strftime('%Y%m%d%H%M%S')}-{next(_RUNS)}"
    operator = Organisation.objects.create(
        name=f"Rush operator {run}", slug=f"rush-{run}", kind="training_operator"
    )
    staff = User.objects.create_user(f"rush-staff-{run}@bench.test", None)
    Membership.objects.create(user=staff, organisation=operator, role="staff")
    programme = programme_create(
        actor=staff,
        operator=operator,
        title=f"Rush {run}",
        summary="Benchmark",
        pillar=Pillar.objects.get(slug="biomanufacturing"),
        format="on_site",
        duration_hours=7,
        status="published",
    )
    starts = timezone.now() + dt.timedelta(days=30)
    session = session_create(
        actor=staff,
        programme=programme,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=7),
        capacity=capacity,
    )
    users = User.objects.bulk_create(
        User(email=f"rush-{run}-{i}@bench.test", password="!") for i in range(learners)
    )
    tokens = [api_token_create(user=u, name="rush")[1] for u in users]
    return session.pk, tokens


def start_server(
    workers: int, threads: int, worker_class: str, log_level: str = "WARNING"
) -> tuple[subprocess.Popen, str]:
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": log_level,
    }
    port = "8089"
    proc = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "biocampus.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--worker-class",
            worker_class,
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=1)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return proc, url
        except OSError:
            time.sleep(0.1)
    proc.terminate()
    raise SystemExit("the server did not start")


CLIENT_CPU = 0.0


def process_cpu(pids: list[int]) -> float:
    """CPU seconds (user + system) the given processes have used; 0 where /proc is absent."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def server_pids(server: subprocess.Popen | None) -> list[int]:
    """The gunicorn master and its workers, and every PostgreSQL process on the machine."""
    pids = []
    if server:
        pids.append(server.pid)
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
        if children.exists():
            pids += [int(p) for p in children.read_text().split()]
    return pids


def postgres_pids() -> list[int]:
    pids = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if (entry / "comm").read_text().strip() in {"postgres", "postmaster"}:
                pids.append(int(entry.name))
        except OSError:
            continue
    return pids


def warm_up(url: str, session_id: int, concurrency: int, rounds: int = 25) -> None:
    """Read the session a few times over every connection, so each server worker has
    booted, connected to the database and built its routes before the clock starts."""
    parsed = urllib.parse.urlsplit(url)

    def reader() -> None:
        for _ in range(rounds):
            conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
            conn.request("GET", f"/api/v1/sessions/{session_id}")
            conn.getresponse().read()
            conn.close()

    threads = [threading.Thread(target=reader) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def rush(url: str, session_id: int, tokens: list[str], concurrency: int):
    parsed = urllib.parse.urlsplit(url)
    path = f"/api/v1/sessions/{session_id}/enrolments"
    body = json.dumps({"seats": 1})
    queue = list(enumerate(tokens))
    lock = threading.Lock()
    results: list[tuple[int, float, dict]] = []
    start_gate = threading.Barrier(concurrency + 1)

    def client() -> None:
        conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
        start_gate.wait()
        while True:
            with lock:
                if not queue:
                    break
                _i, token = queue.pop()
            t0 = time.perf_counter()
            conn.request(
                "POST",
                path,
                body,
                {"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            )
            response = conn.getresponse()
            payload = json.loads(response.read() or b"{}")
            elapsed = time.perf_counter() - t0
            with lock:
                results.append((response.status, elapsed, payload))
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for t in threads:
        t.start()
    start_gate.wait()
    t0, cpu0 = time.perf_counter(), time.process_time()
    for t in threads:
        t.join()
    global CLIENT_CPU
    CLIENT_CPU = time.process_time() - cpu0
    return results, time.perf_counter() - t0


def pgbench_ceiling(seconds: int) -> float | None:
    """Transactions/s PostgreSQL sustains on one row under SELECT ... FOR UPDATE + UPDATE."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS bench_one_row (id int PRIMARY KEY, n bigint)")
        cur.execute("INSERT INTO bench_one_row VALUES (1, 0) ON CONFLICT (id) DO NOTHING")
    params = connection.get_connection_params()
    script = (
        "BEGIN;\nSELECT n FROM bench_one_row WHERE id = 1 FOR UPDATE;\n"
        "UPDATE bench_one_row SET n = n + 1 WHERE id = 1;\nCOMMIT;\n"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as f:
        f.write(script)
    cmd = [
        "pgbench",
        "-n",
        "-c",
        "8",
        "-j",
        "2",
        "-T",
        str(seconds),
        "-f",
        f.name,
        "-h",
        params.get("host") or "127.0.0.1",
        "-p",
        str(params.get("port") or 5432),
        "-U",
        params.get("user") or "postgres",
        params["dbname"],
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    Path(f.name).unlink()
    match = re.search(r"tps = ([\d.]+)", out)
    return float(match.group(1)) if match else None


def one_rush(args: argparse.Namespace, url: str, server: subprocess.Popen | None) -> dict:
    """Prepare a fresh session, rush it, check the invariants and print the figures."""
    from django.db import connection

    from biocampus.catalog.models import Session
    from biocampus.common.models import AuditEvent
    from biocampus.enrolment.models import Enrolment
    from biocampus.outbox.models import OutboundEmail

    session_id, tokens = prepare(args.learners, args.capacity)
    connection.close()
    warm_up(url, session_id, args.concurrency)
    # Workers and PostgreSQL backends live through the rush (persistent connections), so
    # CPU read before and after it is the rush's own.
    app_pids, db_pids = server_pids(server), postgres_pids()
    app_cpu0, db_cpu0 = process_cpu(app_pids), process_cpu(db_pids)
    results, wall = rush(url, session_id, tokens, args.concurrency)
    app_cpu, db_cpu = process_cpu(app_pids) - app_cpu0, process_cpu(db_pids) - db_cpu0

    statuses = [r[0] for r in results]
    latencies = [r[1] * 1000 for r in results]
    session = Session.objects.get(pk=session_id)
    enrolments = Enrolment.objects.filter(session=session)
    confirmed = enrolments.filter(status="confirmed").count()
    ids = [str(pk) for pk in enrolments.values_list("pk", flat=True)]
    audited = AuditEvent.objects.filter(action="enrolment.create", object_id__in=ids).count()
    emails = OutboundEmail.objects.filter(
        kind__in=["enrolment.confirmed", "enrolment.waitlisted"],
        user_id__in=enrolments.values("learner_id"),
    ).count()
    positions = sorted(
        r[2].get("waitlist_position") for r in results if r[2].get("status") == "waitlisted"
    )
    contiguous = positions == list(range(1, len(positions) + 1))
    rps = len(results) / wall
    print(
        f"server: {url}  learners: {args.learners}  capacity: {args.capacity}  "
        f"client connections: {args.concurrency}"
    )
    print(
        f"requests: {len(results)}  status codes: "
        f"{ {code: statuses.count(code) for code in sorted(set(statuses))} }"
    )
    per_request = 1000 / len(results)
    print(
        f"CPU per request: server {app_cpu * per_request:.2f} ms, PostgreSQL "
        f"{db_cpu * per_request:.2f} ms, load generator {CLIENT_CPU * per_request:.2f} ms"
        f"  ({os.cpu_count()} CPUs)"
    )
    p99 = percentile(latencies, 99)
    print(
        f"throughput: {rps:.0f} requests/s  latency p50: {percentile(latencies, 50):.1f} ms"
        f"  p99: {p99:.1f} ms"
    )
    print(
        f"confirmed: {confirmed} / capacity {session.capacity}  (seat ledger "
        f"{session.confirmed_seats})  oversold: {'YES' if confirmed > session.capacity else 'no'}"
    )
    print(
        f"waiting list: {len(positions)} positions, contiguous 1..{len(positions)}: "
        f"{'yes' if contiguous else 'NO'}"
    )
    print(f"audit rows: {audited}  e-mails queued: {emails}  (one each per enrolment)")
    ceiling = pgbench_ceiling(args.pgbench_seconds)
    ratio = rps / ceiling if ceiling else None
    if ceiling:
        print(
            f"PostgreSQL ceiling, one locked row (pgbench SELECT FOR UPDATE + UPDATE): "
            f"{ceiling:.0f} tps  -> rush reaches {ratio:.0%} of it"
        )
    ok = (
        confirmed <= session.capacity
        and confirmed == session.confirmed_seats
        and contiguous
        and set(statuses) == {201}
        and audited == emails == len(results)
    )
    return {
        "ok": ok,
        "requests/s": rps,
        "ratio %": 100 * ratio if ratio else float("nan"),
        "server CPU ms": app_cpu * per_request,
        "PostgreSQL CPU ms": db_cpu * per_request,
        "p99 ms": p99,
        "ceiling tps": ceiling or float("nan"),
    }


def main() -> None:
    args = parse_args()
    if args.runs < 1:
        raise SystemExit("--runs must be at least 1")
    django_setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        print("warning: DATABASE_URL is not PostgreSQL; the figures will not mean much")
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # the server serves them
    connection.close()
    server = None
    url = args.url
    if not url:
        server, url = start_server(args.workers, args.threads, args.worker_class)
        print(f"gunicorn: {args.workers} {args.worker_class} workers x {args.threads} threads")
    runs = []
    try:
        for n in range(args.runs):
            if args.runs > 1:
                print(f"--- run {n + 1} of {args.runs}")
            runs.append(one_rush(args, url, server))
    finally:
        if server:
            server.terminate()
            server.wait(10)
    if len(runs) > 1:
        print(f"--- {len(runs)} runs: min / median / max")
        for key in runs[0]:
            values = sorted(r[key] for r in runs if key != "ok" and math.isfinite(r[key]))
            if values:
                middle = statistics.median(values)
                print(f"{key:18} {values[0]:8.2f} {middle:8.2f} {values[-1]:8.2f}")
    sys.exit(0 if all(r["ok"] for r in runs) else 1)


if __name__ == "__main__":
    main()
