"""Booking rush: N people book overlapping slots of one lab at once, through the API of a
production server (gunicorn) on PostgreSQL. Prints requests/s, p50/p99 latency, how many
were approved or refused as clashes, and checks that no two approved bookings overlap.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/biocampus_bench \\
        .venv/bin/python bench/booking_rush.py [--requests 200]
"""

import argparse
import datetime as dt
import http.client
import itertools
import json
import random
import sys
import threading
import time
import urllib.parse

from _setup import django_setup, percentile
from enrolment_rush import process_cpu, server_pids, start_server


def prepare(count: int):
    from django.utils import timezone

    from biocampus.accounts.models import Membership, Organisation, User
    from biocampus.accounts.services import api_token_create
    from biocampus.facilities.models import Resource

    run = time.strftime("%Y%m%d%H%M%S")
    campus = Organisation.objects.create(
        name=f"Rush campus {run}", slug=f"rush-campus-{run}", kind="campus"
    )
    operator = Organisation.objects.create(
        name=f"Rush operator {run}", slug=f"rush-op-{run}", kind="training_operator"
    )
    lab = Resource.objects.create(
        name=f"Rush lab {run}",
        slug=f"rush-lab-{run}",
        kind="wet_lab",
        capacity=12,
        organisation=campus,
    )
    users = User.objects.bulk_create(
        User(email=f"book-{run}-{i}@bench.test", password="!") for i in range(count)
    )
    Membership.objects.bulk_create(
        Membership(user=u, organisation=operator, role="staff") for u in users
    )
    tokens = [api_token_create(user=u, name="rush")[1] for u in users]
    day = timezone.localdate() + dt.timedelta(days=20)
    base = timezone.make_aware(dt.datetime.combine(day, dt.time(8)))
    rng = random.Random(9)
    # Two-hour slots starting on any quarter hour over ten hours: most of them clash.
    slots = [base + dt.timedelta(minutes=15 * rng.randint(0, 32)) for _ in tokens]
    return lab, tokens, slots


def rush(url, lab_id, tokens, slots, concurrency):
    parsed = urllib.parse.urlsplit(url)
    queue = list(zip(tokens, slots, strict=True))
    lock = threading.Lock()
    results = []
    gate = threading.Barrier(concurrency + 1)

    def client():
        conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
        gate.wait()
        while True:
            with lock:
                if not queue:
                    break
                token, start = queue.pop()
            body = json.dumps(
                {
                    "resource": lab_id,
                    "starts_at": start.isoformat(),
                    "ends_at": (start + dt.timedelta(hours=2)).isoformat(),
                    "purpose": "event",
                }
            )
            t0 = time.perf_counter()
            conn.request(
                "POST",
                "/api/v1/bookings",
                body,
                {"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            )
            response = conn.getresponse()
            response.read()
            with lock:
                results.append((response.status, time.perf_counter() - t0))
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for t in threads:
        t.start()
    gate.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    return results, time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    django_setup()
    from django.core.management import call_command
    from django.db import connection

    from biocampus.facilities.models import Booking

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    lab, tokens, slots = prepare(args.requests)
    connection.close()
    # Refused clashes are 409s, which Django logs as warnings: keep the output to figures.
    server, url = start_server(args.workers, 1, "sync", log_level="ERROR")
    try:
        parsed = urllib.parse.urlsplit(url)
        for _ in range(args.concurrency * 5):  # every worker up before the clock starts
            conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
            conn.request("GET", "/api/v1/resources?kind=wet_lab")
            conn.getresponse().read()
            conn.close()
        app = server_pids(server)
        cpu0 = process_cpu(app)
        results, wall = rush(url, lab.pk, tokens, slots, args.concurrency)
        cpu = process_cpu(app) - cpu0
    finally:
        server.terminate()
        server.wait(10)
    statuses = [s for s, _t in results]
    latencies = [t * 1000 for _s, t in results]
    approved = list(Booking.objects.filter(resource=lab, status="approved").order_by("starts_at"))
    overlaps = sum(1 for a, b in itertools.pairwise(approved) if a.ends_at > b.starts_at)
    codes = {c: statuses.count(c) for c in sorted(set(statuses))}
    print(f"requests: {len(results)}  status codes: {codes}")
    print(
        f"throughput: {len(results) / wall:.0f} requests/s"
        f"  latency p50: {percentile(latencies, 50):.1f} ms"
        f"  p99: {percentile(latencies, 99):.1f} ms"
        f"  server CPU {cpu / len(results) * 1000:.2f} ms/request"
    )
    print(
        f"approved bookings: {len(approved)}  overlapping pairs: {overlaps}  "
        f"({'no overlap' if overlaps == 0 else 'OVERLAP'})"
    )
    ok = overlaps == 0 and set(statuses) <= {201, 409} and statuses.count(201) == len(approved)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
