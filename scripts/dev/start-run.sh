#!/usr/bin/env bash
# A compiled run of the bench's startup organization (20 users, 5 groups, 4 applications,
# 20 systems, 3 system groups, 6 Apple devices, 2 policies, 1 policy group: STARTUP_ORG of
# scripts/bench.ts; the simulator generates its data, the sign-in events too, before it listens:
# `--prepare`), collected as `npm start` does: the SDK's `collect` alone
# (scripts/lib/collect-command.js) on a project whose `src` is `dist/src`, schema validation on.
# Prints, per run: wall and CPU seconds of the collect process (/usr/bin/time), its CPU
# seconds before its first request (scripts/dev/first-request.js), the requests the simulator
# served, the longest chain of requests answered one after another and the sum of the gaps
# in that chain between an answer and the next request (chainGapsMs: what the chain waited for
# besides the network: the process busy, or a request outside the chain).
#
#   npm run build && scripts/dev/start-run.sh [LATENCY_MS=50] [RUNS=3] [IN_FLIGHT=8]
#
# PROFILE=DIR adds `node --cpu-prof --cpu-prof-dir=DIR` to the collect process and writes each
# run's requests to DIR/requests-RUN.jsonl (REQUEST_LOG of first-request.js), then prints what
# the process did in the gaps of the run's longest chain (scripts/dev/profile-gaps.js);
# CHAIN=1 prints each run's longest chain, request by request (scripts/dev/chain.js);
# COLLECT_COMMAND=FILE runs scripts/lib/FILE instead of collect-command.js (to compare two).
set -euo pipefail
latency=${1:-50}
runs=${2:-3}
in_flight=${3:-8}
root=$(cd "$(dirname "$0")/../.." && pwd)
[ -f "$root/dist/src/index.js" ] || { echo "run npm run build first" >&2; exit 1; }
key=start-run-key-000000000000000000000000000
work=$(mktemp -d "${TMPDIR:-/tmp}/start-run.XXXXXX")
sim_pid=
cleanup() { [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

node "$root/dist/simulator/cli.js" --port 0 --api-key "$key" --seed 1 --users 20 --groups 5 \
  --apps 4 --systems 20 --system-groups 3 --apple-devices 6 --policies 2 --policy-groups 1 --prepare \
  --latency-ms "$latency" --max-in-flight "$in_flight" >"$work/simulator.out" 2>"$work/simulator.err" &
sim_pid=$!
for _ in $(seq 100); do
  url=$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$work/simulator.out")
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "the simulator did not start" >&2; exit 1; }
asof=$(node -e "fetch('$url/__simulator/info').then(r=>r.json()).then(i=>console.log(i.asOf))")

project="$work/project"
mkdir "$project"
ln -s "$root/dist/src" "$project/src"
ln -s "$root/node_modules" "$project/node_modules"
ln -s "$root/package.json" "$project/package.json"
printf 'API_KEY=%s\nBASE_URL=%s\nCONCURRENCY=%s\nACTIVITY_AS_OF=%s\n' \
  "$key" "$url" "$in_flight" "$asof" >"$project/.env"

prof=()
[ -n "${PROFILE:-}" ] && prof=(--cpu-prof "--cpu-prof-dir=$PROFILE")
for i in $(seq "$runs"); do
  curl -s -X POST "$url/__simulator/stats/reset" >/dev/null
  rm -rf "$project/.j1-integration"
  (cd "$project" && REQUEST_LOG=${PROFILE:+$PROFILE/requests-$i.jsonl} /usr/bin/time -f '%e %U %S %x' -o "$work/time" \
    node "${prof[@]}" -r "$root/scripts/dev/first-request.js" "$root/scripts/lib/${COLLECT_COMMAND:-collect-command.js}" --project-path "$project" \
    >"$work/collect.out" 2>&1) || true
  read -r wall user sys code <"$work/time"
  stats=$(curl -s "$url/__simulator/stats")
  chain=$(curl -s "$url/__simulator/chain")
  first=$(sed -n 's/^FIRST-REQUEST cpu=\([0-9.]*\).*/\1/p' "$work/collect.out")
  modules=$(sed -n 's/^FIRST-REQUEST .* modules=\([0-9]*\).*/\1/p' "$work/collect.out")
  span=$(sed -n 's/^EXIT .* first=\([0-9.]*\) lastAnswer=\([0-9.]*\).*/\1 \2/p' "$work/collect.out")
  node -e '
    const s = JSON.parse(process.argv[1]);
    const chain = JSON.parse(process.argv[12]);
    const [wall, user, sys, code] = process.argv.slice(2).map(Number);
    console.log(JSON.stringify({ run: Number(process.argv[6]), latencyMs: Number(process.argv[7]),
      exitCode: code, wallSeconds: wall, cpuSeconds: Math.round((user + sys) * 100) / 100,
      cpuSecondsBeforeFirstRequest: Number(process.argv[8]),
      modulesBeforeFirstRequest: Number(process.argv[11]),
      firstRequestAtSeconds: Number(process.argv[9]), lastAnswerAtSeconds: Number(process.argv[10]),
      requests: s.requests.total, longestChain: s.longestChain,
      chainGapsMs: chain.slice(1).reduce((sum, link, k) => sum + link.start - chain[k].end, 0),
      maxInFlightSeen: s.maxInFlightSeen }));
  ' "$stats" "$wall" "$user" "$sys" "$code" "$i" "$latency" "$first" $span "$modules" "$chain"
  if [ -n "${CHAIN:-}" ]; then node "$root/scripts/dev/chain.js" "$url"; fi
  if [ -n "${PROFILE:-}" ]; then
    # The newest profile is this run's.
    node "$root/scripts/dev/profile-gaps.js" "$(ls -t "$PROFILE"/*.cpuprofile | head -1)" "$PROFILE/requests-$i.jsonl"
  fi
  if [ -n "${ENDPOINTS:-}" ]; then node -e 'const s = JSON.parse(process.argv[1]); for (const [e, n] of Object.entries(s.requests.byEndpoint).sort((a, b) => b[1] - a[1])) console.log(String(n).padStart(5), e);' "$stats"; fi
  if [ "$code" != 0 ]; then tail -20 "$work/collect.out" >&2; fi
done
