"""Time and peak memory of ``parse_file`` on hostile files, at 1x and 10x.

Run with ``python benchmarks/hostile.py [FAMILY ...] [--scales 1 10] [--timeout 120]``.
Every family of ``tests/fuzz/hostile.py`` is written at each scale and parsed in a
process of its own (whatever ``govdisclosure`` is first on ``PYTHONPATH``: point it at
an older tree to measure *before*), with an address-space cap (``--cap-mb``, 3 GB by
default) so that a runaway parse is stopped rather than taking the machine down. The
table shows, for each family and scale, the wall time, the peak RSS of the child, and
how it ended (the first words of its one-line error, ``ok`` for a clean parse,
``killed`` or ``timeout``). Growth from 1x to 10x shows whether the work stays bounded
(a refusal costs the same at any scale) or linear.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

_HERE = Path(__file__).resolve().parent

_CHILD = """
import json, resource, sys, time


def peak_mb():
    # VmHWM is this process's own peak; ru_maxrss may carry the parent's peak over
    # the exec that started the child.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


start = time.perf_counter()
from govdisclosure.errors import GovDisclosureError
from govdisclosure.parse import parse_file
try:
    parse_file(sys.argv[1])
    outcome = "ok"
except GovDisclosureError as exc:
    outcome = f"{type(exc).__name__}: {exc}"
print(json.dumps({
    "outcome": outcome,
    "seconds": time.perf_counter() - start,
    "rss_mb": peak_mb(),
}))
"""


def hostile_families() -> ModuleType:
    path = _HERE.parent / "tests" / "fuzz" / "hostile.py"
    spec = importlib.util.spec_from_file_location("hostile", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_one(path: Path, *, timeout: float, cap_mb: int) -> dict[str, object]:
    """Parse ``path`` in a child process: outcome, wall seconds, peak RSS in MB."""

    def limit() -> None:
        cap = cap_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=limit,
        text=True,
    )
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return {"outcome": "timeout", "seconds": timeout, "rss_mb": None}
    wall = time.perf_counter() - start
    if process.returncode != 0 or not out.strip():
        last = (err.strip().splitlines() or ["killed"])[-1]
        return {"outcome": f"crashed: {last}", "seconds": wall, "rss_mb": None}
    result: dict[str, object] = json.loads(out)
    result["wall"] = wall
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("families", nargs="*", help="families to run (default: all)")
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--cap-mb", type=int, default=3072)
    args = parser.parse_args()
    families = hostile_families().FAMILIES
    names = args.families or list(families)
    import govdisclosure

    print(f"govdisclosure from {Path(govdisclosure.__file__).parent}")
    print(f"{'family':24} {'scale':>5} {'seconds':>8} {'RSS MB':>7}  outcome")
    for name in names:
        for scale in args.scales:
            with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
                path = families[name](Path(tmp), scale)
                result = run_one(path, timeout=args.timeout, cap_mb=args.cap_mb)
            rss = result["rss_mb"]
            shown = f"{rss:7.0f}" if isinstance(rss, float) else f"{'-':>7}"
            outcome = str(result["outcome"]).replace(str(path), "FILE")
            print(
                f"{name:24} {scale:>5} {float(result['seconds']):8.2f} {shown}  {outcome[:90]}",
                flush=True,
            )


if __name__ == "__main__":
    main()
