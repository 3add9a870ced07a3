#!/usr/bin/env python3
"""Opens many idle TCP connections to a fresh `passerelle serve` and reports what they cost and what became of them.

    python3 scripts/bench/idle-connections.py [BINARY] [COUNT]     # default .build/release/passerelle, 19000

The server's memory (VmRSS) is read before, after the connects, after an idle timeout, and after the client closes
them all; the connections past PASSERELLE_MAX_CONNECTIONS must be answered 503 at once and none may stay open past
PASSERELLE_IDLE_TIMEOUT. Loopback only; bounded by COUNT and about 80 s of waiting. COUNT is capped by the open-file
limit of this process (`ulimit -n`).
"""
import os, resource, shutil, socket, subprocess, sys, tempfile, time

binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/release/passerelle")
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
count = min(int(sys.argv[2]) if len(sys.argv) > 2 else 19000, hard - 200)
port = 18181


def rss(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) // 1024


work = tempfile.mkdtemp(prefix="passerelle-idle-")
env = {k: v for k, v in os.environ.items() if k not in ("PORT", "HOST", "DATABASE_URL")}
server = subprocess.Popen([binary, "serve", "--port", str(port), "--database", f"{work}/idle.sqlite", "--log-level", "error"],
                          cwd=work, env=env, preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard)))
try:
    time.sleep(3)
    baseline = rss(server.pid)
    sockets, errors = [], 0
    started = time.time()
    for _ in range(count):
        s = socket.socket()
        s.settimeout(5)
        try:
            s.connect(("127.0.0.1", port))
            sockets.append(s)
        except OSError:
            errors += 1
    time.sleep(2)
    refused = 0
    for s in sockets:
        s.setblocking(False)
        try:
            if s.recv(64).startswith(b"HTTP/1.1 503"):
                refused += 1
        except (BlockingIOError, OSError):
            pass
    print(f"{count} connections in {time.time() - started:.1f} s: server RSS {baseline} MB -> {rss(server.pid)} MB; "
          f"{refused} answered 503 at once; {errors} connect errors")
    time.sleep(65)
    held = 0
    for s in sockets:
        try:
            s.recv(1)
        except BlockingIOError:
            held += 1
        except OSError:
            pass
    print(f"after 65 s without a byte: server RSS {rss(server.pid)} MB; connections the server still holds: {held}")
    for s in sockets:
        s.close()
    time.sleep(2)
    print(f"after the client closed them all: server RSS {rss(server.pid)} MB")
    sys.exit(0 if held == 0 else 1)
finally:
    server.terminate()
    server.wait()
    shutil.rmtree(work, ignore_errors=True)
