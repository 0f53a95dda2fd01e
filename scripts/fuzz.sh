#!/usr/bin/env bash
# Run every fuzz target in turn (cargo-fuzz on nightly: `cargo install cargo-fuzz`), each for
# SECONDS_PER_TARGET (default 600), one job at a time, then minimise the kept corpus
# (fuzz/corpus/<target>, replayed by `cargo test` on stable) with libFuzzer's merge: the
# smallest set of the kept and the newly found inputs that covers what all of them cover.
#   scripts/fuzz.sh [target...]       logs in fuzz/logs/<target>.log and <target>.merge.log
#
# Exits 1 when any target found a crash, leak, timeout or out-of-memory: the input that did it
# is saved in fuzz/artifacts/<target>/ (printed), and that target's corpus is not minimised
# (the run stopped early). Reproduce with `cargo +nightly fuzz run <target> <that file>`.
# FUZZ_KEEP_GOING=1 fuzzes on past findings (libFuzzer's -fork=1 -ignore_crashes=1 ...) for the
# whole time, e.g. while a known finding is open: every input that fails is still saved and
# reported and the script still exits 1, but the corpus is minimised too.
# Env: SECONDS_PER_TARGET (600), FUZZ_JOBS (1: cargo's build jobs too, the machine is shared),
# FUZZ_KEEP_GOING (0), FUZZ_MERGE_ONLY (0; 1: only minimise the kept corpora, no fuzzing).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${SECONDS_PER_TARGET:-600}
FUZZ_JOBS=${FUZZ_JOBS:-1}
FUZZ_KEEP_GOING=${FUZZ_KEEP_GOING:-0}
FUZZ_MERGE_ONLY=${FUZZ_MERGE_ONLY:-0}
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(import_parse import_html content_file site_yaml)
LIBFUZZER_OPTS=(-max_len=65536 -rss_limit_mb=2048 -timeout=10)
KEEP_GOING_OPTS=()
[ "$FUZZ_KEEP_GOING" = 1 ] && KEEP_GOING_OPTS=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
mkdir -p fuzz/logs
FINDINGS=()
for t in "${TARGETS[@]}"; do
  raw="fuzz/corpus-raw/$t" kept="fuzz/corpus/$t" artifacts="fuzz/artifacts/$t"
  mkdir -p "$raw" "$kept" "$artifacts"
  before=$(find "$artifacts" -type f | sort)
  if [ "$FUZZ_MERGE_ONLY" != 1 ]; then
    echo "== $t: ${SECONDS_PER_TARGET}s at $(git rev-parse --short HEAD) ($(date -u +%FT%TZ))"
    rc=0
    cargo +nightly fuzz run -j "$FUZZ_JOBS" "$t" "$raw" "$kept" -- \
      "${LIBFUZZER_OPTS[@]}" "${KEEP_GOING_OPTS[@]}" -artifact_prefix="$artifacts/" \
      -max_total_time="$SECONDS_PER_TARGET" -print_final_stats=1 >"fuzz/logs/$t.log" 2>&1 || rc=$?
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb|Done [0-9]+ runs|INFO: fuzzed for|exec/s: [0-9]+ oom/timeout/crash" "fuzz/logs/$t.log" | tail -n 4 || true
    new=$(comm -13 <(echo "$before") <(find "$artifacts" -type f | sort) | grep . || true)
    if [ "$rc" -ne 0 ] || [ -n "$new" ]; then
      echo "FINDING in $t (exit $rc): see fuzz/logs/$t.log"
      grep -E "^==[0-9]+==ERROR|panicked at|SUMMARY|Test unit written to" "fuzz/logs/$t.log" | head -n 8 || true
      [ -n "$new" ] || echo "  no input saved in $artifacts/ (the fuzzer itself failed: see the log)"
      for f in $new; do echo "  saved: $f"; done
      FINDINGS+=("$t")
      [ "$FUZZ_KEEP_GOING" = 1 ] || continue
    fi
  fi
  # Minimise: merge the kept and the new inputs into an empty folder, which becomes the kept
  # corpus (what `cargo fuzz cmin` does, with both folders as input). -use_counters=0: keep
  # every covered edge, not every hit-count bucket (content_file at d2dab0b: 1,184 inputs,
  # 0.6 MB, all 9,739 edges, against 3,759 inputs, 5.4 MB with counters).
  merged=$(mktemp -d "fuzz/corpus-merge-$t.XXXXXX")
  n_before=$(find "$kept" -type f | wc -l)
  n_raw=$(find "$raw" -type f | wc -l)
  cargo +nightly fuzz run -j "$FUZZ_JOBS" "$t" "$merged" "$kept" "$raw" -- \
    "${LIBFUZZER_OPTS[@]}" -merge=1 -use_counters=0 >"fuzz/logs/$t.merge.log" 2>&1 || {
    rm -rf "$merged"
    echo "FAIL: merging $t's corpus (see fuzz/logs/$t.merge.log)"
    exit 1
  }
  # Hand-made seeds (names that are not libFuzzer's SHA-1s) stay whatever their coverage.
  for f in "$kept"/*; do
    [[ "$(basename "$f")" =~ ^[0-9a-f]{40}$ ]] || cp -p "$f" "$merged/"
  done
  n_after=$(find "$merged" -type f | wc -l)
  [ "$n_after" -gt 0 ] || { rm -rf "$merged"; echo "FAIL: merge of $t kept nothing"; exit 1; }
  rm -rf "$kept" && mv "$merged" "$kept"
  rm -rf "$raw" # all it held that mattered is in the kept corpus now
  echo "$t: corpus minimised: $n_before kept + $n_raw found -> $n_after ($(du -sk "$kept" | cut -f1) KB on disk)"
done
if [ ${#FINDINGS[@]} -gt 0 ]; then
  echo "FAIL: findings in ${FINDINGS[*]}"
  exit 1
fi
