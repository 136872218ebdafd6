"""``newsgraph scale --address`` against a real two-node Ray cluster on this machine.

A head node and a worker node are started as separate processes (``ray start
--block``, on 127.0.0.1, free ports, a private temp dir), the CLI joins them as
a driver in a third process, and both nodes are stopped by their process ids.
Paths are shared through the local file system as they would be through a
shared mount.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsgraph.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "demo" / "pages"


def free_ports(n: int) -> list[int]:
    """``n`` distinct TCP ports free on 127.0.0.1 right now."""
    sockets, ports = [], []
    for _ in range(n):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        sockets.append(s)
        ports.append(s.getsockname()[1])
    for s in sockets:
        s.close()
    return ports


def node_ports() -> list[str]:
    """The ``ray start`` options that give a node ports of its own (two nodes share a host)."""
    p = free_ports(6)
    return [f"--node-manager-port={p[0]}", f"--object-manager-port={p[1]}",
            f"--metrics-export-port={p[2]}", f"--dashboard-agent-listen-port={p[3]}",
            f"--dashboard-agent-grpc-port={p[4]}", f"--runtime-env-agent-port={p[5]}",
            f"--min-worker-port={p[5] + 1}", f"--max-worker-port={p[5] + 40}"]


def stop(process: subprocess.Popen[bytes], timeout: float = 20.0) -> None:
    """SIGTERM to a ``ray start --block`` process (it stops its node), SIGKILL if it lingers."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def ours(temp_dir: str) -> list[int]:
    """Ids of processes still running whose command line names our temp dir (our nodes' own)."""
    pytest.importorskip("ray")  # Ray ships psutil (ray/thirdparty_files) and puts it on the path
    psutil = pytest.importorskip("psutil")
    found = []
    for proc in psutil.process_iter(["pid", "cmdline"]):
        try:
            if any(temp_dir in part for part in proc.info["cmdline"] or ()):
                found.append(proc.info["pid"])
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return found


@pytest.fixture()
def cluster() -> Iterator[tuple[str, dict[str, str]]]:
    """A head and a worker node, one CPU each; yields the head's address and the environment
    a driver needs (the cluster's own authentication token)."""
    pytest.importorskip("ray", reason="ray is not installed: pip install 'newsgraph[scale]'")
    ray_cli = shutil.which("ray", path=str(Path(sys.executable).parent)) or shutil.which("ray")
    if ray_cli is None:
        pytest.skip("the ray command is not installed")
    temp_dir = tempfile.mkdtemp(prefix="ngray", dir="/tmp")  # short: Unix socket paths are short
    (port,) = free_ports(1)
    address = f"127.0.0.1:{port}"
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0",
           # A token of its own: Ray's default one in ~/.ray is shared with any other cluster.
           "RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": secrets.token_hex(32),
           "RAY_GRACEFUL_SHUTDOWN_DRAIN_TIMEOUT_S": "1",  # a stopped node drains for 1 s, not 30
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    log = open(Path(temp_dir) / "nodes.log", "wb")  # noqa: SIM115 - closed below
    common = ["--block", "--num-cpus=1", "--node-ip-address=127.0.0.1", "--disable-usage-stats"]
    nodes: list[subprocess.Popen[bytes]] = []
    try:
        nodes.append(subprocess.Popen(
            [ray_cli, "start", "--head", f"--port={port}", f"--temp-dir={temp_dir}",
             "--include-dashboard=false", *common, *node_ports()], env=env, stdout=log, stderr=subprocess.STDOUT))
        wait_for_nodes(address, 1, env)
        nodes.append(subprocess.Popen(
            [ray_cli, "start", f"--address={address}", *common, *node_ports()],
            env=env, stdout=log, stderr=subprocess.STDOUT))
        wait_for_nodes(address, 2, env)
        yield address, env
    finally:
        for node in reversed(nodes):
            stop(node)
        log.close()
        for pid in ours(temp_dir):  # a node process that outlived its parent: ours, by id
            os.kill(pid, signal.SIGKILL)
        shutil.rmtree(temp_dir, ignore_errors=True)


def wait_for_nodes(address: str, count: int, env: dict[str, str], timeout: float = 45.0) -> None:
    """Wait until ``count`` nodes are alive in the cluster at ``address``."""
    script = ("import sys, ray; ray.init(address=sys.argv[1], log_to_driver=False, "
              "logging_level='ERROR'); print(sum(n['Alive'] for n in ray.nodes()))")
    deadline = time.monotonic() + timeout
    while True:
        done = subprocess.run([sys.executable, "-c", script, address], env=env,
                              capture_output=True, text=True, timeout=timeout)
        if done.returncode == 0 and done.stdout.strip().splitlines()[-1:] == [str(count)]:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{count} Ray nodes not up at {address}: {done.stderr[-500:]}")
        time.sleep(1)


def test_scale_joins_a_two_node_cluster(cluster: tuple[str, dict[str, str]],
                                        tmp_path: Path) -> None:
    from test_scale import ray_clusters, store_clusters

    address, env = cluster
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-c", "from newsgraph.cli import main; main()", "scale", str(DEMO), "-o", str(out),
         "--address", address, "--json"],
        env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "ERROR" not in done.stderr and " E " not in done.stderr, done.stderr[-2000:]
    summary = json.loads(done.stdout)
    assert summary["errors"] == [] and summary["pages_read"] == 5
    assert ray_clusters(out) == store_clusters([str(DEMO)], Settings())
