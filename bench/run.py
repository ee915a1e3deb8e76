#!/usr/bin/env python3
"""The side-by-side benchmark: `make bench` (see README).

Starts each target in turn on a free loopback port, preloads it
(preload.py), and drives it with wrk over keep-alive connections for each
workload (wrk/*.lua) and connection count. Prints one markdown table and
writes it to bench/results/latest.md. A target that is not installed
(bench/peers.sh installs the optional peers) gets a row saying so.
A run with errors (non-2xx answers or socket errors) is marked invalid.

Usage: bench/run.py [--duration SECONDS] [--targets a,b] [--workloads put,get]
                    [--connections 1,16,64]
"""
import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PEERS = os.path.join(HERE, ".peers")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, process, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            return False
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def nginx_command(port, workdir):
    conf = os.path.join(workdir, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""daemon off; worker_processes 2; pid {workdir}/nginx.pid;
error_log {workdir}/error.log; events {{ worker_connections 1024; }}
http {{ access_log off; client_body_temp_path {workdir};
  server {{ listen 127.0.0.1:{port};
    location / {{ default_type application/x-amz-json-1.0; return 200 '{{}}'; }} }} }}
""")
    return ["nginx", "-c", conf, "-p", workdir]


def ddblocal_command(port, workdir):
    home = os.path.join(PEERS, "ddblocal")
    if not os.path.isdir(os.path.join(home, "native")):
        return None
    return ["java", f"-Djava.library.path={home}/native", "-cp", f"{home}/lib/*",
            "software.amazon.dynamodb.services.local.main.ServerRunner", "-inMemory",
            "-sharedDb", "-port", str(port)]


def dynalite_command(port, workdir):
    cli = os.path.join(PEERS, "dynalite", "node_modules", ".bin", "dynalite")
    if not os.path.exists(cli):
        return None
    return [cli, "--port", str(port)]


def dynoxide_command(port, workdir):
    cli = os.path.join(PEERS, "bin", "dynoxide")
    if not os.path.exists(cli):
        return None
    return [cli, "--port", str(port)]


def dynarock_command(binary, in_memory):
    def command(port, workdir):
        storage = ["-inMemory"] if in_memory else ["-dbPath", workdir]
        return [binary, "-port", str(port), "-sharedDb"] + storage
    return command


def parse_wrk(text):
    def number(pattern):
        m = re.search(pattern, text)
        return m.group(1) if m else None

    def millis(value):
        m = re.match(r"([\d.]+)(us|ms|s)", value or "")
        if not m:
            return None
        scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
        return float(m.group(1)) * scale

    errors = int(number(r"Non-2xx or 3xx responses: (\d+)") or 0)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if socket_errors:
        errors += sum(int(x) for x in socket_errors.groups())
    return {
        "rps": float(number(r"Requests/sec:\s+([\d.]+)") or 0),
        "p50": millis(number(r"\s50%\s+(\S+)")),
        "p99": millis(number(r"\s99%\s+(\S+)")),
        "errors": errors,
    }


def run_wrk(port, workload, connections, duration):
    threads = min(2, connections)
    script = os.path.join(HERE, "wrk", workload + ".lua")
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "-s", script,
         f"http://127.0.0.1:{port}/"], capture_output=True, text=True)
    return parse_wrk(out.stdout + out.stderr)


def memory_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def bench_target(name, command_for, args, rows):
    workdir = tempfile.mkdtemp(prefix="bench-" + re.sub(r"[^a-z]+", "-", name.lower()))
    port = free_port()
    command = command_for(port, workdir)
    if command is None:
        rows.append(f"| {name} | not installed (bench/peers.sh) | | | | | |")
        return
    started = time.time()
    log = open(os.path.join(workdir, "target.log"), "w")
    process = subprocess.Popen(command, stdout=log, stderr=log,
                               start_new_session=True)
    try:
        if not wait_for_port(port, process):
            with open(os.path.join(workdir, "target.log")) as f:
                print(f.read()[-2000:], file=sys.stderr)
            rows.append(f"| {name} | did not start | | | | | |")
            return
        startup_ms = (time.time() - started) * 1000
        idle = memory_mb(process.pid)
        if name != "ceiling (nginx)":
            subprocess.run([sys.executable, os.path.join(HERE, "preload.py"),
                            f"http://127.0.0.1:{port}", "10000"], check=True)
        for workload in args.workloads:
            for connections in args.connections:
                r = run_wrk(port, workload, connections, args.duration)
                valid = "" if r["errors"] == 0 else f" INVALID: {r['errors']} errors"
                rows.append(f"| {name} | {workload} | {connections} | {r['rps']:.0f} | "
                            f"{r['p50'] or 0:.2f} | {r['p99'] or 0:.2f} | {r['errors']}{valid} |")
        rows.append(f"| {name} | start-up {startup_ms:.0f} ms, idle RSS "
                    f"{idle or 0:.1f} MB, after run {memory_mb(process.pid) or 0:.1f} MB | | | | | |")
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=10)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        shutil.rmtree(workdir, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--binary", default=os.path.join(ROOT, "build-release", "dynarock"))
    parser.add_argument("--targets", default="dynarock-disk,dynarock-memory,dynamodb-local,dynalite,dynoxide,ceiling")
    parser.add_argument("--workloads", default="put,get,mixed")
    parser.add_argument("--connections", default="1,16,64")
    args = parser.parse_args()
    args.workloads = args.workloads.split(",")
    args.connections = [int(c) for c in args.connections.split(",")]
    targets = {
        "dynarock-disk": ("dynarock (on disk)", dynarock_command(args.binary, False)),
        "dynarock-memory": ("dynarock (in memory)", dynarock_command(args.binary, True)),
        "dynamodb-local": ("DynamoDB Local", ddblocal_command),
        "dynalite": ("dynalite", dynalite_command),
        "dynoxide": ("Dynoxide", dynoxide_command),
        "ceiling": ("ceiling (nginx)", nginx_command),
    }
    rows = ["| target | workload | connections | requests/s | p50 ms | p99 ms | errors |",
            "|---|---|---|---|---|---|---|"]
    for key in args.targets.split(","):
        name, command = targets[key]
        print(f"== {name}", file=sys.stderr, flush=True)
        bench_target(name, command, args, rows)
    table = "\n".join(rows)
    print(table)
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", "latest.md"), "w") as f:
        f.write(f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
                f"{os.cpu_count()} cores, {args.duration} s per cell.\n\n{table}\n")


if __name__ == "__main__":
    main()
