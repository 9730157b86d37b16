"""The clients of `campus_day.py`: Locust users (headless, as a library) replaying a campus
day's mix against a running server until a fixed number of requests is done. Prints one
JSON object with the figures per kind of request. Run by campus_day.py, not by hand:

    campus_day_load.py URL DATA_FILE --clients 50 --requests 3000

No Django here: Locust patches the standard library with gevent when it is imported, and
the seeding side of the benchmark must not run under that.
"""

import argparse
import itertools
import json
import random
import time
from collections import Counter, defaultdict

import gevent
from locust import FastHttpUser, constant, events, task
from locust.env import Environment

# Requests whose 409 is an answer, not an error: a full or already-taken session, an
# enrolment that is no longer active, a lab slot somebody else has.
EXPECTED_CONFLICT = {"enrol", "cancel", "booking"}
WORDS = ["aseptic", "bioreactor", "gmp", "python", "cell", "quality", "cleanroom", "data"]

DATA: dict = {}
STATUS: dict[str, Counter] = defaultdict(Counter)
LEARNERS = itertools.count()


class CampusVisitor(FastHttpUser):
    """One person at a time per client: a learner (token and signed-in browser session)
    who browses, enrols and cancels, and now and then an operator's staff booking a lab.
    Weights are the day's mix: catalogue 60, programme pages 15, enrolment 10, bookings 5,
    the learner's own pages 10."""

    wait_time = constant(0)

    def on_start(self) -> None:
        self.rng = random.Random(next(LEARNERS))
        learners = DATA["learners"]
        me = learners[self.rng.randrange(len(learners))]
        self.api = {
            "Authorization": f"Bearer {me['token']}",
            "X-Forwarded-Proto": "https",
        }
        # The server runs as behind an HTTPS proxy: secure cookies, so set by hand.
        self.browser = {"Cookie": f"sessionid={me['session']}", "X-Forwarded-Proto": "https"}
        self.anonymous = {"X-Forwarded-Proto": "https"}
        self.enrolments: list[int] = []

    def _send(self, kind: str, method: str, path: str, headers: dict, **kw) -> dict | None:
        with self.client.request(
            method, path, headers=headers, name=kind, catch_response=True, **kw
        ) as response:
            STATUS[kind][response.status_code] += 1
            if response.status_code == 409 and kind in EXPECTED_CONFLICT:
                response.success()
            if response.status_code in (200, 201) and kind in EXPECTED_CONFLICT:
                return response.json()
        return None

    @task(30)
    def catalogue_page(self) -> None:
        query = self.rng.choice(WORDS)
        self._send("catalogue page", "GET", f"/catalogue/?q={query}", self.anonymous)

    @task(30)
    def catalogue_api(self) -> None:
        pillar = self.rng.choice(DATA["pillars"])
        self._send("catalogue API", "GET", f"/api/v1/programmes?pillar={pillar}", self.anonymous)

    @task(15)
    def programme_page(self) -> None:
        programme = self.rng.choice(DATA["programmes"])
        self._send("programme page", "GET", f"/programmes/{programme}/", self.anonymous)

    @task(10)
    def enrol_or_cancel(self) -> None:
        if self.enrolments and self.rng.random() < 0.4:
            enrolment = self.enrolments.pop(self.rng.randrange(len(self.enrolments)))
            self._send("cancel", "POST", f"/api/v1/enrolments/{enrolment}/cancel", self.api)
            return
        session = self.rng.choice(DATA["sessions"])
        answer = self._send(
            "enrol", "POST", f"/api/v1/sessions/{session}/enrolments", self.api, json={"seats": 1}
        )
        if answer:
            self.enrolments.append(answer["id"])

    @task(5)
    def booking(self) -> None:
        staff = self.rng.choice(DATA["staff"])
        day = self.rng.randrange(len(DATA["days"]))
        hour, quarter = 8 + self.rng.randrange(8), 15 * self.rng.randrange(4)
        hours = self.rng.choice([1, 2])
        body = {
            "resource": self.rng.choice(DATA["resources"]),
            "starts_at": f"{DATA['days'][day]}T{hour:02d}:{quarter:02d}:00Z",
            "ends_at": f"{DATA['days'][day]}T{hour + hours:02d}:{quarter:02d}:00Z",
            "purpose": "event",
        }
        headers = {"Authorization": f"Bearer {staff}", "X-Forwarded-Proto": "https"}
        self._send("booking", "POST", "/api/v1/bookings", headers, json=body)

    @task(5)
    def learner_home(self) -> None:
        self._send("learner home", "GET", "/", self.browser)

    @task(5)
    def skills_page(self) -> None:
        self._send("skills page", "GET", "/skills/me/", self.browser)


def run(url: str, clients: int, requests: int) -> dict:
    CampusVisitor.host = url
    env = Environment(user_classes=[CampusVisitor], events=events)
    runner = env.create_local_runner()
    runner.start(clients, spawn_rate=clients)
    while env.stats.total.num_requests < requests:
        gevent.sleep(0.02)
    runner.quit()
    total = env.stats.total
    wall = max(total.last_request_timestamp - total.start_time, 1e-9)
    kinds = {}
    for (name, _method), entry in sorted(env.stats.entries.items()):
        kinds[name] = {
            "requests": entry.num_requests,
            "errors": entry.num_failures,
            "p50": entry.get_response_time_percentile(0.5),
            "p95": entry.get_response_time_percentile(0.95),
            "p99": entry.get_response_time_percentile(0.99),
            "status": dict(sorted(STATUS[name].items())),
        }
    return {
        "clients": clients,
        "requests": total.num_requests,
        "errors": total.num_failures,
        "throughput": total.num_requests / wall,
        "p50": total.get_response_time_percentile(0.5),
        "p95": total.get_response_time_percentile(0.95),
        "p99": total.get_response_time_percentile(0.99),
        "kinds": kinds,
        "failures": [
            {"kind": f.name, "error": str(f.error)[:200], "count": f.occurrences}
            for f in env.stats.errors.values()
        ][:10],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("data")
    parser.add_argument("--clients", type=int, required=True)
    parser.add_argument("--requests", type=int, required=True)
    args = parser.parse_args()
    with open(args.data) as f:
        DATA.update(json.load(f))
    started = time.perf_counter()
    figures = run(args.url, args.clients, args.requests)
    figures["seconds"] = time.perf_counter() - started
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
