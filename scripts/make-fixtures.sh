#!/usr/bin/env bash
# Regenerates fixtures/ from real redis-server 7 sessions (npm run fixtures); wipes the generated parts first.
# With a server build dir (npm run fixtures -- --server DIR, or bash scripts/make-fixtures.sh DIR) it makes that
# server's set in fixtures/servers/<server>-<version>/ instead and leaves the rest of fixtures/ alone.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

server_dir=""
case "${1:-}" in
  --server) server_dir="${2:?make-fixtures: --server needs a directory}" ;;
  "") ;;
  *) server_dir="$1" ;;
esac

# Crash cases (huge bulk lengths, $-1) must not leave core files behind.
ulimit -c 0

if [ -n "$server_dir" ]; then
  if [ ! -x "$server_dir/redis-server" ] && [ ! -x "$server_dir/valkey-server" ]; then
    echo "make-fixtures: $server_dir has no redis-server or valkey-server" >&2
    exit 2
  fi
  echo "make-fixtures: $("$server_dir"/*-server --version)"
  node scripts/fixtures/generate.mjs fixtures --server "$server_dir"
  du -sh fixtures/servers/* | sed 's/^/make-fixtures: size /'
  exit 0
fi

for tool in redis-server redis-check-aof redis-check-rdb; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "make-fixtures: $tool not found on PATH (install Redis 7.0, e.g. apt-get install redis-server redis-tools)" >&2
    exit 2
  fi
done
version="$(redis-server --version | sed -n 's/.* v=\([0-9.]*\).*/\1/p')"
case "$version" in
  7.*) ;;
  *) echo "make-fixtures: need redis-server 7.x, found '$version'" >&2; exit 2 ;;
esac

# Only these parts of fixtures/ are generated here (README.md too); other folders (e.g. rdb-handmade/, servers/) are left alone.
mkdir -p fixtures
rm -rf fixtures/resp fixtures/preamble fixtures/multipart fixtures/rdb fixtures/spoiled fixtures/index.json fixtures/README.md

echo "make-fixtures: redis-server $version"
node scripts/fixtures/generate.mjs fixtures
du -sh fixtures | sed 's/^/make-fixtures: total size /'
