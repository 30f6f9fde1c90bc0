#!/usr/bin/env python3
"""Abuse bench: the attacks of the hardening issue against a local `precis serve`, each for a
bounded time, with the latency of normal requests made meanwhile and the server's peak RSS.

Loopback only, standard library only. Usage (via bench/abuse.sh):

    abuse.py PRECIS_BINARY [--seconds S] [--only NAME,...] [--json OUT]

For every attack a fresh server is started (so its peak RSS, VmHWM, is that attack's), the
attack runs for S seconds (default 15) while a probe POSTs the seed article to /v1/summarize
every 250 ms on a new connection; then the server is stopped. Pass: every probe answered 200
within 3 s and the peak RSS under 1 GB.
"""

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED = open(os.path.join(ROOT, "examples", "cnn-trump-putin.txt"), encoding="utf-8").read()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def http_post(path, body, ctype="application/json", extra=""):
    if isinstance(body, str):
        body = body.encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {ctype}\r\n"
        f"Content-Length: {len(body)}\r\n{extra}\r\n"
    ).encode()
    return head + body


async def exchange(port, data, timeout=30.0, read=True):
    """Sends `data` on a new connection; returns (status, seconds) or (None, seconds)."""
    t0 = time.monotonic()
    try:
        r, w = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)
        w.write(data)
        await w.drain()
        if not read:
            return w, t0
        line = await asyncio.wait_for(r.readline(), timeout)
        status = int(line.split()[1]) if line else None
        # Read the rest so the server is not blocked on us.
        try:
            while await asyncio.wait_for(r.read(1 << 16), timeout):
                pass
        except Exception:
            pass
        w.close()
        return status, time.monotonic() - t0
    except Exception:
        return None, time.monotonic() - t0


async def probe(port, stop, results):
    body = http_post("/v1/summarize", json.dumps({"text": SEED}), extra="Connection: close\r\n")
    while not stop.is_set():
        status, secs = await exchange(port, body, timeout=10.0)
        results.append((status, secs))
        try:
            await asyncio.wait_for(stop.wait(), 0.25)
        except asyncio.TimeoutError:
            pass


# ---- attacks: each an async function (port, stop) running until stop is set ----------------


async def repeat_post(port, stop, data, clients):
    async def one():
        while not stop.is_set():
            await exchange(port, data, timeout=30.0)

    await asyncio.gather(*(one() for _ in range(clients)))


def rouge_quadratic():
    body = json.dumps({"candidates": ["a " * 490000], "reference": "b a " * 245000})
    data = http_post("/v1/rouge", body, extra="Connection: close\r\n")
    return lambda port, stop: repeat_post(port, stop, data, 8)


def big_output_batch(records=1300):
    text = "The council approved the new budget on Tuesday after a long debate. " * 20
    lines = "".join(
        json.dumps({"id": f"r{i}", "text": text, "include_text": True, "method": "lead"}) + "\n"
        for i in range(records)
    )
    return http_post("/v1/summarize/batch", lines, ctype="application/x-ndjson")


def batch_nonreaders():
    data = big_output_batch()

    async def attack(port, stop):
        held = []
        for _ in range(16):
            w, _ = await exchange(port, data, read=False)
            if not isinstance(w, int) and w is not None:
                held.append(w)
        await stop.wait()
        for w in held:
            w.close()

    return attack


def lexrank_batches():
    # ~2 MB of distinct-ish sentences, LexRank, responses read.
    rnd = random.Random(7)
    vocab = [f"w{i}" for i in range(4000)]
    recs = []
    size = 0
    i = 0
    while size < 1_900_000:
        text = " ".join(
            "The " + " ".join(rnd.choice(vocab) for _ in range(20)) + "." for _ in range(60)
        )
        line = json.dumps({"id": f"r{i}", "text": text}) + "\n"
        recs.append(line)
        size += len(line)
        i += 1
    data = http_post(
        "/v1/summarize/batch?method=lexrank", "".join(recs), ctype="application/x-ndjson",
        extra="Connection: close\r\n",
    )
    return lambda port, stop: repeat_post(port, stop, data, 4)


def trickle(n, head, drip):
    """An attack that holds n connections open, each sent `head` and then one byte `drip` a
    second (reconnecting the ones the server closes), until stopped."""
    async def attack(port, stop):
        conns = []
        async def open_one():
            try:
                r, w = await asyncio.open_connection("127.0.0.1", port)
                w.write(head)
                await w.drain()
                return w
            except Exception:
                return None
        while not stop.is_set():
            conns = [c for c in conns if c is not None and not c.is_closing()]
            need = n - len(conns)
            if need > 0:
                conns += await asyncio.gather(*(open_one() for _ in range(need)))
            for c in conns:
                if c is not None and not c.is_closing():
                    try:
                        c.write(drip)
                    except Exception:
                        pass
            try:
                await asyncio.wait_for(stop.wait(), 1.0)
            except asyncio.TimeoutError:
                pass
        for c in conns:
            if c is not None:
                c.close()

    return attack


def slow_bodies(n=500):
    """Request bodies sent a byte a second (the headers complete, the body never)."""
    head = (
        "POST /v1/summarize HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Content-Length: 1000000\r\n\r\n{\"text\": \""
    ).encode()
    return trickle(n, head, b"a")


def slowloris(n=1000):
    """Request headers sent a byte a second (the header block never ends)."""
    return trickle(n, b"POST /v1/summarize HTTP/1.1\r\nHost: x\r\nX-a: ", b"b")


def idle_flood(n=10000):
    async def attack(port, stop):
        socks = []
        # Plain sockets: keep reconnecting as the server closes the idle ones.
        loop = asyncio.get_running_loop()
        while not stop.is_set():
            alive = []
            for s in socks:
                try:
                    if s.recv(1, socket.MSG_DONTWAIT | socket.MSG_PEEK) == b"":
                        s.close()
                        continue
                except BlockingIOError:
                    pass
                except OSError:
                    s.close()
                    continue
                alive.append(s)
            socks = alive
            opened = 0
            while len(socks) < n and opened < 2000 and not stop.is_set():
                s = socket.socket()
                s.setblocking(False)
                try:
                    s.connect(("127.0.0.1", port))
                except BlockingIOError:
                    pass
                except OSError:
                    s.close()
                    break
                socks.append(s)
                opened += 1
            try:
                await asyncio.wait_for(stop.wait(), 0.5)
            except asyncio.TimeoutError:
                pass
        for s in socks:
            s.close()

    return attack


def html_attributes():
    html = "<html><body><div " + "".join(f"a{i}=x " for i in range(170000)) + "><p>The council approved the budget. The vote was close.</p></div></body></html>"
    data = http_post("/v1/summarize", json.dumps({"html": html}), extra="Connection: close\r\n")
    return lambda port, stop: repeat_post(port, stop, data, 4)


def html_tables():
    html = "<html><body>" + "<table><tr><td>" * 50000 + "<p>The council approved the budget. The vote was close.</p></body></html>"
    data = http_post("/v1/summarize", json.dumps({"html": html}), extra="Connection: close\r\n")
    return lambda port, stop: repeat_post(port, stop, data, 4)


def oracle_reference():
    rnd = random.Random(2)
    vocab = [f"w{i}" for i in range(20000)]
    sents = ["The " + " ".join(rnd.choice(vocab) for _ in range(15)) + "." for _ in range(6000)]
    ref = ["The " + " ".join(rnd.choice(vocab) for _ in range(15)) + "." for _ in range(4000)]
    body = json.dumps({"text": " ".join(sents), "highlights": ref, "method": "oracle", "words": 100000})
    data = http_post("/v1/summarize", body, extra="Connection: close\r\n")
    return lambda port, stop: repeat_post(port, stop, data, 4)


ATTACKS = {
    "none": lambda: (lambda port, stop: stop.wait()),
    "rouge-quadratic": rouge_quadratic,
    "batch-nonreaders": batch_nonreaders,
    "lexrank-batches": lexrank_batches,
    "slow-bodies": slow_bodies,
    "slowloris": slowloris,
    "idle-flood": idle_flood,
    "html-attributes": html_attributes,
    "html-tables": html_tables,
    "oracle-reference": oracle_reference,
}


def rss_kb(pid, field):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


async def run_attack(binary, name, seconds):
    port = free_port()
    srv = subprocess.Popen(
        [binary, "serve", "--addr", f"127.0.0.1:{port}", "--log", "warn"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    attack = ATTACKS[name]()
    stop = asyncio.Event()
    probes = []
    peak = [0]

    async def sample():
        while not stop.is_set():
            v = rss_kb(srv.pid, "VmRSS") or 0
            peak[0] = max(peak[0], v)
            try:
                await asyncio.wait_for(stop.wait(), 0.1)
            except asyncio.TimeoutError:
                pass

    task = asyncio.ensure_future(attack(port, stop))
    # Let the attack establish itself before probing.
    await asyncio.sleep(min(2.0, seconds / 4))
    ptask = asyncio.ensure_future(probe(port, stop, probes))
    stask = asyncio.ensure_future(sample())
    await asyncio.sleep(seconds)
    stop.set()
    await asyncio.gather(ptask, stask)
    try:
        await asyncio.wait_for(task, 20)
    except Exception:
        task.cancel()
    hwm = rss_kb(srv.pid, "VmHWM") or peak[0]
    alive = srv.poll() is None
    srv.send_signal(signal.SIGTERM)
    try:
        srv.wait(30)
    except subprocess.TimeoutExpired:
        srv.kill()
    err = srv.stderr.read().decode(errors="replace")
    lat = [s for st, s in probes if st == 200]
    bad = [st for st, s in probes if st != 200]
    return {
        "attack": name,
        "seconds": seconds,
        "probes": len(probes),
        "ok": len(lat),
        "non_200": len(bad),
        "statuses": sorted({str(b) for b in bad}),
        "p50_ms": round(statistics.median(lat) * 1000, 1) if lat else None,
        "max_ms": round(max(s for _, s in probes) * 1000, 1) if probes else None,
        "peak_rss_mb": round(hwm / 1024, 1),
        "server_alive": alive,
        "exit_code": srv.returncode,
        "log_lines": [l for l in err.splitlines() if "limit" in l or "error" in l.lower()][:3],
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--seconds", type=float, default=15.0)
    ap.add_argument("--only", default="")
    ap.add_argument("--json", default="")
    a = ap.parse_args()
    names = [n for n in ATTACKS if not a.only or n in a.only.split(",")]
    rows = []
    for n in names:
        r = asyncio.run(run_attack(a.binary, n, a.seconds))
        rows.append(r)
        print(json.dumps(r), file=sys.stderr, flush=True)
    print("| attack | probes | 200 | other | p50 ms | max ms | peak RSS MB | alive | pass |")
    print("|---|---:|---:|---|---:|---:|---:|---|---|")
    failed = False
    for r in rows:
        ok = r["non_200"] == 0 and r["probes"] > 0 and (r["max_ms"] or 0) < 3000 and r["peak_rss_mb"] < 1024 and r["server_alive"]
        failed |= not ok
        print(
            f"| {r['attack']} | {r['probes']} | {r['ok']} | {','.join(r['statuses']) or '-'} | {r['p50_ms']} | {r['max_ms']} | {r['peak_rss_mb']} | {r['server_alive']} | {'yes' if ok else 'NO'} |"
        )
    if a.json:
        with open(a.json, "w") as f:
            json.dump(rows, f, indent=1)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
