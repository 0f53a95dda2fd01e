#!/usr/bin/env bash
# Run every fuzz target in turn (cargo-fuzz on nightly: `cargo install cargo-fuzz`), each for
# SECONDS_PER_TARGET (default 600), one job at a time, then minimise what was found into the
# kept corpora (fuzz/corpus/<target>, replayed by `cargo test` on stable).
#   scripts/fuzz.sh [target...]       logs in fuzz/logs/<target>.log
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${SECONDS_PER_TARGET:-600}
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(import_parse content_file site_yaml)
mkdir -p fuzz/logs
for t in "${TARGETS[@]}"; do
  mkdir -p "fuzz/corpus-raw/$t" "fuzz/corpus/$t"
  echo "== $t: ${SECONDS_PER_TARGET}s"
  cargo +nightly fuzz run "$t" "fuzz/corpus-raw/$t" "fuzz/corpus/$t" -- \
    -max_total_time="$SECONDS_PER_TARGET" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
    -print_final_stats=1 >"fuzz/logs/$t.log" 2>&1 || echo "$t: FINDING (see fuzz/logs/$t.log and fuzz/artifacts/$t)"
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|Done [0-9]+ runs" "fuzz/logs/$t.log" || true
done
