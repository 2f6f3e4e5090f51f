#!/usr/bin/env bash
# Runs the UI benchmark of another commit (A) and of this checkout (B) in turn, A B A B …, so
# both see the same load on a shared machine, then prints each side's runs and median of the
# figures that matter. Each run is one `BENCH_RUNS=1` benchmark (its own build and browser).
#
#   apps/playground/bench/compare.sh <ref> [pairs]        # A = <ref>, B = this checkout
#   BENCH_A_ARGS=--no-tap apps/playground/bench/compare.sh . 3   # A and B both this checkout
#
# <ref> "." means this checkout. Otherwise the commit is checked out (detached) once in
# $BENCH_COMPARE_DIR (default /tmp/aichatkit-bench-<commit>) and installed with `npm ci`; remove
# it afterwards with `git worktree remove <dir>`. BENCH_A_ARGS / BENCH_B_ARGS are passed to each
# side's benchmark (`--load`, `--no-tap`, `--devtools`; an older benchmark ignores flags it does
# not know). The raw outputs stay in the printed folder.
set -euo pipefail

ref="${1:?usage: compare.sh <ref> [pairs]}"
pairs="${2:-3}"
here="$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
if [ "$ref" = "." ]; then
  other="$here"
else
  commit="$(git -C "$here" rev-parse --short "$ref")"
  other="${BENCH_COMPARE_DIR:-/tmp/aichatkit-bench-$commit}"
  if [ ! -d "$other" ]; then
    git -C "$here" worktree add --detach "$other" "$commit"
    (cd "$other" && npm ci --no-audit --no-fund)
  fi
fi
out="$(mktemp -d /tmp/aichatkit-bench-compare-XXXX)"

bench() { # <checkout> <output file> <args>
  (cd "$1/apps/playground" && BENCH_RUNS=1 npx tsx --conditions=@aichatkit/source \
    bench/ui.bench.ts $3 >"$2" 2>&1) || { echo "benchmark failed, see $2" >&2; exit 1; }
}

for pair in $(seq 1 "$pairs"); do
  echo "pair $pair/$pairs: A ($ref ${BENCH_A_ARGS:-}) …" >&2
  bench "$other" "$out/A-$pair.txt" "${BENCH_A_ARGS:-}"
  echo "pair $pair/$pairs: B (this checkout ${BENCH_B_ARGS:-}) …" >&2
  bench "$here" "$out/B-$pair.txt" "${BENCH_B_ARGS:-}"
done

echo "A = $ref ${BENCH_A_ARGS:-}; B = $(git -C "$here" rev-parse --short HEAD) ${BENCH_B_ARGS:-}"
echo "$(head -n 1 "$out/B-1.txt")"
echo "<ChatView> column, $pairs runs a side, interleaved A B A B …; raw outputs in $out"
# A figure line: two spaces, the name padded to 42, then the <ChatView> value in 13 columns.
for figure in "floor: A-fast ms" "floor following the bottom: A-fast ms" "A-fast ms" \
  "A-fast frame showing the last words ms" "A-fast main-thread ms" \
  "A-fast React commits per frame" "A-fast max commits in one frame" \
  "A-paced long tasks" "A-paced worst frame gap ms" "A-paced React commits per frame" \
  "A-paced max commits in one frame" "B-mount ms"; do
  for side in A B; do
    values="$(cat "$out/$side"-*.txt | awk -v figure="$figure" '
      { name = substr($0, 3, 42); sub(/ +$/, "", name) }
      name == figure { print substr($0, 46, 12) + 0 }' | sort -n)"
    if [ -z "$values" ]; then
      printf "  %-34s %s  (not printed by this side)\n" "$figure" "$side"
      continue
    fi
    echo "$values" | awk -v figure="$figure" -v side="$side" '
      { values[++n] = $1 }
      END {
        line = ""
        for (i = 1; i <= n; i++) line = line sprintf("%s%.2f", i > 1 ? ", " : "", values[i])
        printf "  %-34s %s  median %9.2f   (%s)\n", figure, side, values[int((n + 1) / 2)], line
      }'
  done
done
