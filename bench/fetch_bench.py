"""Fetch + summarize from a loopback site: precis vs trafilatura's fetch_url + extract.

The 136 shared pages (decompressed, `Content-Type: text/html`, HTTP/1.1 keep-alive) are served
by a threaded Python server (ThreadingHTTPServer) in its own process, on HOSTS ports of
127.0.0.1: each port is a distinct host to precis, whose limit is 2 requests in flight per host
(`host_of` keeps the port). The URL list is the 136 pages x REPEAT, spread round-robin over the
ports. For each concurrency C:
  - precis summarize --urls FILE -f jsonl --fetch-concurrency C      (HOSTS ports)
  - the same on one port (one host: at most 2 in flight whatever C)
  - trafilatura.fetch_url + trafilatura.extract in a ThreadPoolExecutor(C), same URL list
    (default settings but SSRF_PROTECTION off: trafilatura 2.3 refuses loopback otherwise)
Each is its own process; wall time is the process's (precis) or from the first fetch to the
last extract (trafilatura, after its imports); peak RSS is that process's ru_maxrss (os.wait4).
Rounds are interleaved; medians of ROUNDS are printed as a markdown table.
   python fetch_bench.py PRECIS_BIN HTML_DIR [--repeat 4] [--rounds 3] [--hosts 16]
                         [--conc 1,8,32] [--delay-ms 0] [--out DIR]"""
import argparse
import gzip
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time


# ---------------------------------------------------------------- the loopback site
def serve(html_dir, ports_file, hosts, delay_ms):
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    pages = {}
    for name in os.listdir(os.path.join(html_dir, "pages")):
        if name.endswith(".html.gz"):
            with gzip.open(os.path.join(html_dir, "pages", name), "rb") as f:
                pages["/pages/" + name[: -len(".gz")]] = f.read()
    delay = delay_ms / 1000.0

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body are two writes: without TCP_NODELAY a kept-alive connection waits
        # on Nagle + delayed ACK (tens of ms a page).
        disable_nagle_algorithm = True

        def do_GET(self):
            if delay:
                time.sleep(delay)
            body = pages.get(self.path.split("?", 1)[0])
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer.request_queue_size = 256
    servers = [ThreadingHTTPServer(("127.0.0.1", 0), Handler) for _ in range(hosts)]
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    tmp = ports_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(" ".join(str(s.server_address[1]) for s in servers))
    os.rename(tmp, ports_file)
    threading.Event().wait()


# ---------------------------------------------------------------- the peer, in its own process
def peer(url_file, threads, out_file):
    import logging
    from concurrent.futures import ThreadPoolExecutor

    import trafilatura
    from trafilatura.settings import use_config

    logging.disable(logging.CRITICAL)  # urllib3's "connection pool is full" warnings
    # trafilatura 2.3 refuses non-public addresses by default (SSRF_PROTECTION); the site is on
    # loopback. precis's CLI fetches loopback as asked (its guard is on `serve --fetch-urls`).
    config = use_config()
    config.set("DEFAULT", "SSRF_PROTECTION", "off")
    urls = [l.strip() for l in open(url_file) if l.strip()]

    def one(u):
        html = trafilatura.fetch_url(u, config=config)
        if not html:
            return None
        return trafilatura.extract(html)

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as ex:
        res = list(ex.map(one, urls))
    wall = time.perf_counter() - t0
    ok = sum(1 for r in res if r)
    with open(out_file, "w") as f:
        json.dump({"wall_s": wall, "ok": ok, "err": len(res) - ok}, f)


# ---------------------------------------------------------------- the driver
def run_measured(cmd, stdout=subprocess.DEVNULL):
    """Runs cmd, returns (rc, wall_s, peak RSS MB) of that process alone (os.wait4)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode not in (0, 1):
        sys.stderr.write(err.decode(errors="replace")[-2000:])
    return p.returncode, wall, ru.ru_maxrss / 1024.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("precis", nargs="?")
    ap.add_argument("html_dir", nargs="?")
    ap.add_argument("--repeat", type=int, default=4)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--hosts", type=int, default=16)
    ap.add_argument("--conc", default="1,8,32")
    ap.add_argument("--delay-ms", type=float, default=0.0)
    ap.add_argument("--out", default=None)
    ap.add_argument("--serve", nargs=2, metavar=("HTML_DIR", "PORTS_FILE"))
    ap.add_argument("--peer", nargs=3, metavar=("URL_FILE", "THREADS", "OUT"))
    a = ap.parse_args()
    if a.serve:
        return serve(a.serve[0], a.serve[1], a.hosts, a.delay_ms)
    if a.peer:
        return peer(a.peer[0], int(a.peer[1]), a.peer[2])

    conc = [int(c) for c in a.conc.split(",")]
    work = tempfile.mkdtemp(prefix="precis-fetchbench-")
    out = a.out or work
    os.makedirs(out, exist_ok=True)
    ports_file = os.path.join(work, "ports")
    srv = subprocess.Popen(
        [sys.executable, __file__, "--serve", a.html_dir, ports_file,
         "--hosts", str(a.hosts), "--delay-ms", str(a.delay_ms)]
    )
    try:
        for _ in range(600):
            if os.path.exists(ports_file):
                break
            time.sleep(0.05)
        ports = open(ports_file).read().split()
        ids = [json.loads(l)["id"] for l in open(os.path.join(a.html_dir, "ground-truth.jsonl")) if l.strip()]
        paths = [f"/pages/{i}.html" for i in ids] * a.repeat
        lists = {
            "many": [f"http://127.0.0.1:{ports[k % len(ports)]}{p}" for k, p in enumerate(paths)],
            "one": [f"http://127.0.0.1:{ports[0]}{p}" for p in paths],
        }
        files = {}
        for k, urls in lists.items():
            files[k] = os.path.join(work, f"urls-{k}.txt")
            with open(files[k], "w") as f:
                f.write("\n".join(urls) + "\n")
        n = len(paths)

        systems = [
            ("precis", "many"),
            ("precis", "one"),
            ("trafilatura", "many"),
        ]
        res = {}  # (system, hosts, C) -> list of (wall, rss, ok, err)
        crashes = {}  # (system, hosts, C) -> exit statuses of runs that died
        load0 = os.getloadavg()
        for r in range(a.rounds):
            for c in conc:
                for sysname, hk in systems:
                    if sysname == "precis":
                        jl = os.path.join(out, f"fetch_precis_{hk}_c{c}.jsonl")
                        with open(jl, "wb") as fo:
                            rc, wall, rss = run_measured(
                                [a.precis, "summarize", "--urls", files[hk], "-f", "jsonl",
                                 "--fetch-concurrency", str(c), "-q"], stdout=fo)
                        ok = err = 0
                        for line in open(jl, encoding="utf-8"):
                            d = json.loads(line)
                            if "error" in d:
                                err += 1
                            else:
                                ok += 1
                    else:
                        pj = os.path.join(work, "peer.json")
                        if os.path.exists(pj):
                            os.remove(pj)
                        rc, _, rss = run_measured(
                            [sys.executable, __file__, "--peer", files[hk], str(c), pj])
                        if rc == 0 and os.path.exists(pj):
                            d = json.load(open(pj))
                            wall, ok, err = d["wall_s"], d["ok"], d["err"]
                        else:
                            wall, ok, err = None, 0, n
                    if wall is None or rc not in (0, 1):
                        crashes.setdefault((sysname, hk, c), []).append(rc)
                        print(f"round {r + 1} C={c:<2} {sysname:11} CRASHED (exit status {rc}), "
                              f"{rss:6.1f} MB", file=sys.stderr)
                        continue
                    res.setdefault((sysname, hk, c), []).append((wall, rss, ok, err))
                    print(f"round {r + 1} C={c:<2} {sysname:11} hosts={len(ports) if hk == 'many' else 1:<2} "
                          f"{n / wall:7.1f} pages/s  {rss:6.1f} MB  ok={ok} err={err}", file=sys.stderr)
        load1 = os.getloadavg()
    finally:
        srv.kill()
        srv.wait()

    def med(key):
        rows = res.get(key)
        if not rows:
            return float("nan"), float("nan"), 0, 0
        wall = statistics.median(x[0] for x in rows)
        rss = statistics.median(x[1] for x in rows)
        return n / wall, rss, rows[-1][2], rows[-1][3]

    print(f"\n{n} URLs (136 pages x {a.repeat}) from a loopback Python ThreadingHTTPServer "
          f"(separate process, {a.hosts} ports = {a.hosts} hosts, {a.delay_ms:g} ms delay per request); "
          f"median of {a.rounds} rounds; {os.cpu_count()} CPUs, load average "
          f"{load0[0]:.2f} before, {load1[0]:.2f} after.")
    print("precis fetches *and summarizes* (HTML cleaning, segmentation, scoring, JSONL out); "
          "trafilatura only fetches and extracts the text (no summary): precis does more work per page.\n")
    print(f"| C | precis pages/s ({a.hosts} hosts) | precis peak RSS | precis pages/s (1 host) "
          f"| trafilatura pages/s | trafilatura peak RSS | precis/trafilatura pages/s | RSS ratio | ok/err (precis, traf) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for c in conc:
        pm, rm, okm, erm = med(("precis", "many", c))
        p1, r1, ok1, er1 = med(("precis", "one", c))
        tm, rt, okt, ert = med(("trafilatura", "many", c))
        print(f"| {c} | {pm:.1f} | {rm:.0f} MB | {p1:.1f} | {tm:.1f} | {rt:.0f} MB | "
              f"{pm / tm:.1f}x | {rm / rt:.2f} | {okm}/{erm}, {okt}/{ert} |")
    for key, rcs in sorted(crashes.items()):
        print(f"\n**{key[0]} at C={key[2]} ({'1 host' if key[1] == 'one' else str(a.hosts) + ' hosts'}) "
              f"died in {len(rcs)} of {a.rounds} rounds** (exit statuses {rcs}); its median is over the "
              f"other rounds.")
    print("\nprecis allows at most 2 requests in flight per host (host = name:port): on one host, "
          "C=8 and C=32 still fetch 2 at a time; the 'hosts' columns spread the URLs over "
          f"{a.hosts} ports of 127.0.0.1 so that C requests are really in flight. trafilatura has "
          "no per-host limit. Wall time: precis's whole process; trafilatura's from the first "
          "fetch to the last extract (its interpreter start and imports excluded).")


if __name__ == "__main__":
    sys.exit(main())
