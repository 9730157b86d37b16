"""Screenshots of each demo role's home (and a few main pages) at 1280 px and 390 px.

Run by `make screenshots`: a throwaway SQLite database with the demo seeded, Django's
server on a free local port, Debian's chromium driven by Playwright. The pictures go to
the folder given (the README names it); they are for looking at, not committed.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

PASSWORD = "biocampus-demo"
WIDTHS = (1280, 390)
# Each demo role's home, then the page where its main job is done.
ROLES = {
    "learner": ["/", "/catalogue/", "/my-training/", "/skills/me/"],
    "teacher": ["/", "/catalogue/?audience=student"],
    "operator": ["/", "/manage/", "/facilities/timetable/"],
    "employer": ["/", "/skills/hiring/"],
    "founder": ["/", "/accelerator/"],
    "admin": ["/", "/campus/", "/facilities/occupancy/"],
}
PUBLIC = ["/?welcome", "/accounts/login/", "/accounts/signup/", "/skills/jobs-gap/"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer at {url}")


def name_of(path: str) -> str:
    return path.strip("/").replace("/", "-").replace("?", "_").replace("=", "-") or "home"


def shoot(base: str, out: Path) -> int:
    count = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"))
        for width in WIDTHS:
            context = browser.new_context(
                viewport={"width": width, "height": 900},
                locale="en-GB",
                timezone_id="Europe/Brussels",
            )
            page = context.new_page()
            for path in PUBLIC:
                page.goto(base + path)
                page.screenshot(path=out / f"public-{name_of(path)}-{width}.png", full_page=True)
                count += 1
            for role, paths in ROLES.items():
                page.context.clear_cookies()
                page.goto(f"{base}/accounts/login/")
                page.fill("input[name=login]", f"{role}@biocampus.test")
                page.fill("input[name=password]", PASSWORD)
                page.locator("main form button[type=submit]").click()
                page.wait_for_url(lambda url: "/accounts/login/" not in url)
                for path in paths:
                    page.goto(base + path)
                    shot = out / f"{role}-{name_of(path)}-{width}.png"
                    page.screenshot(path=shot, full_page=True)
                    count += 1
            context.close()
        browser.close()
    return count


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    if not shutil.which("chromium"):
        raise SystemExit("Debian's chromium is needed: apt-get install chromium")
    with tempfile.TemporaryDirectory() as tmp:
        # A minimal environment: the demo server must not pick up a real deployment's
        # cache, storage or mail settings from the shell.
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": os.environ.get("HOME", tmp),
            "LANG": "C.UTF-8",
            "DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{tmp}/demo.sqlite3",
        }
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
        subprocess.run([*manage, "seed_demo"], env=env, check=True, stdout=subprocess.DEVNULL)
        port = free_port()
        server = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(base + "/healthz")
            count = shoot(base, out)
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"{count} screenshots in {out}")


if __name__ == "__main__":
    main()
