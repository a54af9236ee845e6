"""Metrics across worker processes: each writes its own values, any of them answers with the sum."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

COUNT = "from service import metrics; metrics.count_request('GET', '/healthz', 200, 0.01)"
SHOW = "import sys; from service import metrics; sys.stdout.write(metrics.exposition().decode())"


def run(code: str, directory: Path) -> str:
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(directory)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return done.stdout


def test_every_worker_is_counted_once(tmp_path: Path) -> None:
    run(COUNT, tmp_path)
    run(COUNT, tmp_path)
    exposed = run(SHOW, tmp_path)
    totals = {
        sample.name: sample.value
        for family in text_string_to_metric_families(exposed)
        for sample in family.samples
        if sample.labels.get("route") == "/healthz"
    }
    assert totals["claimtrack_requests_total"] == 2
    assert totals["claimtrack_request_duration_seconds_count"] == 2
