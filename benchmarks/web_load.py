"""Load on ``stageplan serve``: concurrent users browsing and starting solves.

Starts ``stageplan serve`` on 127.0.0.1 (loopback only, a fresh data folder seeded with
the bundled classes, ``--accounts`` accounts made first), then runs ``--users``
simulated users for ``--seconds``: each logs in through the login form, then loops over
the home page, a class page and, now and then (``--solve-share``), a solve (Générer or
Réparer on a random class) whose job page it polls like the browser does. It prints:

- p50 / p99 latency of the logins (all users at once, first) and of page GETs (home,
  class, job pages, while browsing), and how many;
- solves asked, started, refused with 429 (queue full or per-user limit), completed;
- the server's peak memory (its process and its solving children, summed RSS).

Bounded: at most 200 users and 300 seconds; the address is always 127.0.0.1. Use
``--runs N`` to repeat and print the medians. Requires the test extras (httpx).

    .venv/bin/python benchmarks/web_load.py --users 100 --seconds 60
    .venv/bin/python benchmarks/web_load.py --users 5 --seconds 10 --runs 1   # a try
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "benchmark password"
MAX_USERS, MAX_SECONDS = 200, 300


@dataclass
class Tally:
    page_times: list[float] = field(default_factory=list)
    login_times: list[float] = field(default_factory=list)
    page_errors: int = 0
    solves_asked: int = 0
    solves_started: int = 0
    refused_429: int = 0
    completed: int = 0
    failed: int = 0
    peak_rss: int = 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_of_tree(pid: int) -> int:
    """Summed resident memory (bytes) of ``pid`` and its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        except OSError:
            pass
        stack.extend(children.get(p, []))
    return total


def watch_memory(pid: int, tally: Tally, stop: threading.Event) -> None:
    while not stop.wait(0.5):
        tally.peak_rss = max(tally.peak_rss, rss_of_tree(pid))


async def page(client: httpx.AsyncClient, path: str, tally: Tally) -> httpx.Response | None:
    t = time.perf_counter()
    try:
        r = await client.get(path)
    except httpx.HTTPError:
        tally.page_errors += 1
        return None
    tally.page_times.append(time.perf_counter() - t)
    if r.status_code != 200:
        tally.page_errors += 1
    return r


async def log_in(i: int, base: str, accounts: int, tally: Tally) -> httpx.AsyncClient:
    """A user's client, logged in through the login form (timed apart from the pages:
    a password check costs Argon2's memory and time on purpose)."""
    c = httpx.AsyncClient(base_url=base, timeout=120, follow_redirects=False)
    t = time.perf_counter()
    form = await c.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token, form.text[:200]
    r = await c.post("/login", data={"username": f"user{i % accounts}",
                                     "password": PASSWORD, "csrf_token": token.group(1)})
    assert r.status_code == 303, r.text[:200]
    home = await c.get("/")
    csrf = re.search(r'<meta name="csrf-token" content="([^"]+)"', home.text)
    assert csrf
    c.headers["X-CSRF-Token"] = csrf.group(1)
    tally.login_times.append(time.perf_counter() - t)
    return c


async def user(i: int, c: httpx.AsyncClient, classes: list[str], deadline: float,
               share: float, tally: Tally) -> None:
    rng = random.Random(i)
    try:
        while time.monotonic() < deadline:
            await page(c, "/", tally)
            name = rng.choice(classes)
            await page(c, f"/c/{name}", tally)
            if rng.random() < share:
                tally.solves_asked += 1
                kind = rng.choice(["generate", "repair"])
                r = await c.post(f"/c/{name}/run/{kind}", data={"v": "1"})
                if r.status_code == 429:
                    tally.refused_429 += 1
                elif r.status_code == 303:
                    tally.solves_started += 1
                    job = r.headers["location"]
                    while time.monotonic() < deadline:
                        state = (await c.get("/api/jobs/" + job.rsplit("/", 1)[1])).json()
                        if state["done"]:
                            if state["failed"]:
                                tally.failed += 1
                            else:
                                tally.completed += 1
                            await page(c, job, tally)
                            break
                        await asyncio.sleep(0.5)
            await asyncio.sleep(rng.uniform(0.2, 1.0))   # reading the page
    finally:
        await c.aclose()


def run_once(users: int, seconds: float, accounts: int, share: float, time_limit: float,
             workers: int, queue_size: int) -> Tally:
    from solver.web.auth import Accounts

    tmp = Path(tempfile.mkdtemp(prefix="stageplan-web-load-"))
    data = tmp / "data"
    store = Accounts(data)
    for k in range(accounts):
        store.add(f"user{k}", "teacher", PASSWORD)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "solver", "serve", "--host", "127.0.0.1",
                             "--port", str(port), "--data", str(data), "--time-limit",
                             str(time_limit), "--workers", str(workers), "--queue-size",
                             str(queue_size)], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    tally = Tally()
    stop = threading.Event()
    try:
        for _ in range(300):
            try:
                httpx.get(base + "/login", timeout=1)
                break
            except httpx.HTTPError:
                if proc.poll() is not None:
                    raise RuntimeError(proc.stderr.read() if proc.stderr else "serve died") \
                        from None
                time.sleep(0.1)
        classes = [p.name for p in data.iterdir() if p.is_dir() and not p.name.startswith(".")]
        watcher = threading.Thread(target=watch_memory, args=(proc.pid, tally, stop),
                                   daemon=True)
        watcher.start()

        async def main() -> None:
            # everybody logs in first (one class arriving), then browses for ``seconds``
            clients = await asyncio.gather(*(log_in(i, base, accounts, tally)
                                             for i in range(users)))
            deadline = time.monotonic() + seconds
            await asyncio.gather(*(user(i, c, sorted(classes), deadline, share, tally)
                                   for i, c in enumerate(clients)))

        asyncio.run(main())
    finally:
        stop.set()
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    return tally


def quantile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--users", type=int, default=100)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--accounts", type=int, default=20,
                    help="accounts the users share (the per-user limit is per account)")
    ap.add_argument("--solve-share", type=float, default=0.1,
                    help="chance that a round of browsing ends with a solve")
    ap.add_argument("--time-limit", type=float, default=20.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--queue-size", type=int, default=8)
    ap.add_argument("--runs", type=int, default=1)
    args = ap.parse_args()
    users = max(1, min(args.users, MAX_USERS))
    seconds = max(1.0, min(args.seconds, MAX_SECONDS))
    accounts = max(1, min(args.accounts, users))
    results = [run_once(users, seconds, accounts, args.solve_share, args.time_limit,
                        args.workers, args.queue_size) for _ in range(max(1, args.runs))]

    def med(values: list[float]) -> float:
        return statistics.median(values)

    print(f"web_load: {users} users, {seconds:g} s, {accounts} accounts, workers "
          f"{args.workers}, queue {args.queue_size}, time limit {args.time_limit:g} s, "
          f"{len(results)} run(s), medians:")
    print(f"  logins: {users}, p50 "
          f"{med([quantile(t.login_times, 0.5) for t in results]) * 1000:.0f} ms, p99 "
          f"{med([quantile(t.login_times, 0.99) for t in results]) * 1000:.0f} ms "
          "(all at once, before browsing)")
    print(f"  page GETs: {med([len(t.page_times) for t in results]):.0f}"
          f" (errors {med([t.page_errors for t in results]):.0f}); latency p50 "
          f"{med([quantile(t.page_times, 0.5) for t in results]) * 1000:.0f} ms, p99 "
          f"{med([quantile(t.page_times, 0.99) for t in results]) * 1000:.0f} ms")
    print(f"  solves: asked {med([t.solves_asked for t in results]):.0f}, started "
          f"{med([t.solves_started for t in results]):.0f}, refused 429 "
          f"{med([t.refused_429 for t in results]):.0f}, completed "
          f"{med([t.completed for t in results]):.0f}, failed or timed out "
          f"{med([t.failed for t in results]):.0f}")
    print(f"  peak memory (server + solving children): "
          f"{med([t.peak_rss for t in results]) / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
