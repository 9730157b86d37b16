"""What a request costs the web worker before it does anything: the same production server
as the enrolment rush (gunicorn, DEBUG off, PostgreSQL) answering `/healthz` (no
database) and a public one-row read (`GET /api/v1/sessions/{id}`), CPU per request.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/biocampus_bench \\
        .venv/bin/python bench/request_floor.py [--requests 2000] [--concurrency 8]

Compare with the enrolment rush's server CPU per enrolment: the gap between the two is
all that trimming inside Django's request cycle can win.
"""

import argparse
import http.client
import threading
import time

from _setup import django_setup
from enrolment_rush import postgres_pids, prepare, process_cpu, server_pids, start_server


def hammer(port: int, path: str, requests: int, concurrency: int) -> float:
    """Send `requests` GETs over `concurrency` connections; the wall time they took."""
    left = [requests]
    lock = threading.Lock()

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                if left[0] == 0:
                    break
                left[0] -= 1
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"{path} answered {response.status}")
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    django_setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    session_id, _tokens = prepare(0, 1)
    connection.close()
    server, url = start_server(args.workers, 1, "sync")
    port = int(url.rsplit(":", 1)[1])
    try:
        for path in ["/healthz", f"/api/v1/sessions/{session_id}"]:
            hammer(port, path, 200, args.concurrency)  # every worker booted and connected
            app, db = server_pids(server), postgres_pids()
            app0, db0 = process_cpu(app), process_cpu(db)
            wall = hammer(port, path, args.requests, args.concurrency)
            app_ms = 1000 * (process_cpu(app) - app0) / args.requests
            db_ms = 1000 * (process_cpu(db) - db0) / args.requests
            print(
                f"{path}: {args.requests / wall:.0f} requests/s, server CPU {app_ms:.2f} ms, "
                f"PostgreSQL {db_ms:.2f} ms per request"
            )
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
