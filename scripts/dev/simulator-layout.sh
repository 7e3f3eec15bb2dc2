#!/usr/bin/env bash
# The simulator's layout (issue 21, item 4): one folder per body of data (its generator, its
# routes, its expected values), the server and its faults apart, shared leaves in shared/.
#
# Moves whole files with `git mv`, then rewrites the relative import paths that named a moved
# file (in simulator/, src/, test/ and scripts/), and nothing else. Re-runnable: a move whose
# source is gone is skipped, and an import that already resolves stays as it is, so it can be
# run again on a newer main that added files or edited the moved ones.
#
#   scripts/dev/simulator-layout.sh          # from the repository root, in a clean tree
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"

# old path -> new path (paths relative to simulator/)
MOVES='
random.ts                shared/random.ts
types.ts                 shared/types.ts
generate/apple-mdm.ts    directory/generate/apple-mdm.ts
generate/applications.ts directory/generate/applications.ts
generate/context.ts      directory/generate/context.ts
generate/directory.ts    directory/generate/directory.ts
generate/groups.ts       directory/generate/groups.ts
generate/index.ts        directory/generate/index.ts
generate/links.ts        directory/generate/links.ts
generate/names.ts        directory/generate/names.ts
generate/organization.ts directory/generate/organization.ts
generate/systems.ts      directory/generate/systems.ts
generate/users.ts        directory/generate/users.ts
graph.ts                 directory/graph.ts
traverse.ts              directory/traverse.ts
routes.ts                directory/routes.ts
expected.ts              directory/expected.ts
generate.test.ts         directory/generate.test.ts
traversal.test.ts        directory/traversal.test.ts
system-insights.ts       system-insights/generate.ts
assets.ts                assets/generate.ts
feature-routes.ts        assets/routes.ts
features.test.ts         assets/features.test.ts
access.ts                access/generate.ts
access-routes.ts         access/routes.ts
access-expected.ts       access/expected.ts
access.test.ts           access/access.test.ts
policies.ts              policies/generate.ts
policy-routes.ts         policies/routes.ts
policies.test.ts         policies/policies.test.ts
posture.ts               posture/generate.ts
software.ts              posture/software.ts
posture-routes.ts        posture/routes.ts
server.ts                server/server.ts
faults.ts                server/faults.ts
fewest.ts                server/fewest.ts
quirks.ts                server/quirks.ts
api.test.ts              server/api.test.ts
faults.test.ts           server/faults.test.ts
fewest.test.ts           server/fewest.test.ts
hostile.test.ts          server/hostile.test.ts
tenancy.test.ts          server/tenancy.test.ts
'

moved=$(mktemp)
rewritten=$(mktemp)
trap 'rm -f "$moved" "$rewritten"' EXIT
while read -r from to; do
  [ -n "$from" ] || continue
  if [ -e "simulator/$from" ]; then
    if [ -e "simulator/$to" ]; then
      echo "simulator-layout: both simulator/$from and simulator/$to exist; merge them by hand" >&2
      exit 1
    fi
    mkdir -p "$(dirname "simulator/$to")"
    git mv "simulator/$from" "simulator/$to"
    printf 'simulator/%s\tsimulator/%s\tnow\n' "$from" "$to" >>"$moved"
  elif [ -e "simulator/$to" ]; then
    printf 'simulator/%s\tsimulator/%s\tearlier\n' "$from" "$to" >>"$moved"
  fi
done <<<"$MOVES"
rmdir simulator/generate 2>/dev/null || true

# Import paths. Every relative specifier is resolved from where its file stood before this run's
# moves, against the tree as it stood before them; when it named a moved file it is rewritten to
# the same file's new place, relative to where the importing file stands now. A specifier that
# names the old place of a file moved by an earlier run (a branch merged after the moves) is
# rewritten the same way.
MOVED_LIST="$moved" REWRITTEN_LIST="$rewritten" node - <<'NODE'
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const moves = new Map(); // old -> new (this run)
const earlier = new Map(); // old -> new (an earlier run)
for (const line of fs.readFileSync(process.env.MOVED_LIST, 'utf8').split('\n')) {
  if (!line) continue;
  const [from, to, when] = line.split('\t');
  (when === 'now' ? moves : earlier).set(from, to);
}
const back = new Map([...moves].map(([from, to]) => [to, from]));
const existedBefore = (p) =>
  moves.has(p) ||
  (earlier.has(p) && !fs.existsSync(p)) ||
  (!back.has(p) && fs.existsSync(p) && fs.statSync(p).isFile());
const SUFFIXES = ['', '.ts', '.tsx', '.js', '.json', '/index.ts', '/index.js'];
// The specifier's target before the moves: [file it named, the suffix the specifier left out].
function resolveBefore(fromFile, spec) {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), spec));
  for (const suffix of SUFFIXES) {
    if (existedBefore(base + suffix)) return [base + suffix, suffix];
  }
  return undefined;
}
function rewrite(file, text) {
  const before = back.get(file) ?? file;
  const pattern = /((?:\bfrom|\bimport|\brequire|\bjest\.mock)\s*\(?\s*)(['"])(\.{1,2}\/[^'"]*|\.{1,2})\2/g;
  return text.replace(pattern, (whole, lead, quote, spec) => {
    const target = resolveBefore(before, spec);
    if (!target) return whole;
    const [oldFile, suffix] = target;
    const newFile = moves.get(oldFile) ?? earlier.get(oldFile) ?? oldFile;
    if (newFile === oldFile && before === file) return whole;
    const stem = suffix === '' ? newFile : newFile.slice(0, newFile.length - suffix.length);
    let rel = path.posix.relative(path.posix.dirname(file), stem);
    if (!rel.startsWith('.')) rel = `./${rel}`;
    return `${lead}${quote}${rel}${quote}`;
  });
}
const files = execFileSync('git', ['ls-files', '--', 'simulator', 'src', 'test', 'scripts'], {
  encoding: 'utf8',
})
  .split('\n')
  .filter((f) => /\.(ts|js)$/.test(f) && fs.existsSync(f));
const changed = [];
for (const file of files) {
  const text = fs.readFileSync(file, 'utf8');
  const next = rewrite(file, text);
  if (next !== text) {
    fs.writeFileSync(file, next);
    changed.push(file);
  }
}
fs.writeFileSync(process.env.REWRITTEN_LIST, changed.map((f) => `${f}\n`).join(''));
console.log(`simulator-layout: moved ${moves.size} files, rewrote imports in ${changed.length}`);
NODE

# A longer or shorter path can move an import across the line width: the project's prettier
# folds it back (it changes only those import statements in files that were formatted).
if [ -s "$rewritten" ]; then
  xargs npx prettier --log-level warn --write <"$rewritten"
fi
