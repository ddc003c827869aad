#!/usr/bin/env bash
# Regenerates fixtures/ from real redis-server 7 sessions (npm run fixtures); wipes the generated parts first.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

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

# Crash cases (huge bulk lengths, $-1) must not leave core files behind.
ulimit -c 0

# Only these parts of fixtures/ are generated here (README.md too); other folders (e.g. rdb-handmade/) are left alone.
mkdir -p fixtures
rm -rf fixtures/resp fixtures/preamble fixtures/multipart fixtures/rdb fixtures/spoiled fixtures/index.json fixtures/README.md

echo "make-fixtures: redis-server $version"
node scripts/fixtures/generate.mjs fixtures
du -sh fixtures | sed 's/^/make-fixtures: total size /'
