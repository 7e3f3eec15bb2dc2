#!/usr/bin/env node
/**
 * Runs one of the project's programs from the compiled build, so that it starts in a
 * fraction of a second instead of compiling TypeScript first:
 *
 *   node scripts/run.js <program> [args...]     e.g. node scripts/run.js demo --users 50
 *
 * Programs: demo, start, sync, bench, report, query, graph, simulator (see PROGRAMS). When any source is
 * newer than the build (dist/), it rebuilds first with `tsc -b tsconfig.build.json`, which
 * recompiles only what changed. Plain JavaScript, so it needs no build itself.
 */
'use strict';

const { spawnSync } = require('child_process');
const fs = require('fs');
const Module = require('module');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const BUILD_INFO = path.join(ROOT, 'dist', '.tsbuildinfo');

const PROGRAMS = {
  demo: 'scripts/demo',
  start: 'scripts/start',
  sync: 'scripts/sync',
  bench: 'scripts/bench',
  'bench-activity': 'scripts/bench-activity',
  report: 'scripts/report',
  query: 'scripts/query/cli',
  graph: 'scripts/graph-page/cli',
  simulator: 'simulator/cli',
};

/** What the build reads: sources and compiler settings (tests are not built). */
const SOURCE_DIRS = ['src', 'scripts', 'simulator'];
const CONFIG_FILES = ['tsconfig.json', 'tsconfig.build.json'];

function newestSourceMtime() {
  let newest = 0;
  const visit = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === '__recordings__' || entry.name === 'node_modules') continue;
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(file);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        newest = Math.max(newest, fs.statSync(file).mtimeMs);
      }
    }
  };
  for (const dir of SOURCE_DIRS) visit(path.join(ROOT, dir));
  for (const file of CONFIG_FILES)
    newest = Math.max(newest, fs.statSync(path.join(ROOT, file)).mtimeMs);
  return newest;
}

/**
 * Whether this copy can rebuild: it has the sources and the compiler. A copy installed for
 * running only (`npm ci --omit=dev` next to a built dist/, as in the README's container
 * recipe) runs dist/ as it is.
 */
function canBuild() {
  if (!fs.existsSync(path.join(ROOT, 'src'))) return false;
  try {
    require.resolve('typescript/bin/tsc', { paths: [ROOT] });
    return true;
  } catch {
    return false;
  }
}

function buildIsCurrent() {
  try {
    return fs.statSync(BUILD_INFO).mtimeMs >= newestSourceMtime();
  } catch {
    return false;
  }
}

/** `tsc -b`: incremental; type errors are reported, and the JavaScript is emitted anyway. */
function build() {
  process.stderr.write(
    'Building dist/ (npm run build): the sources changed since the last build...\n',
  );
  const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  const result = spawnSync(process.execPath, [tsc, '-b', path.join(ROOT, 'tsconfig.build.json')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (!fs.existsSync(BUILD_INFO)) process.exit(result.status || 1);
  if (result.status !== 0) {
    process.stderr.write(
      'The build has type errors (above); running the emitted JavaScript anyway.\n',
    );
  }
  // Mark the build current even when tsc had nothing to do (a changed file it does not read).
  const now = new Date();
  fs.utimesSync(BUILD_INFO, now, now);
}

function main() {
  const [name, ...args] = process.argv.slice(2);
  if (name === 'build') {
    // `npm ci` builds through here (prepare); `npm ci --omit=dev` has no compiler to build with.
    if (canBuild()) build();
    else process.stderr.write('No TypeScript compiler or no src/: dist/ is used as it is.\n');
    return;
  }
  const program = PROGRAMS[name];
  if (!program) {
    process.stderr.write(
      `Usage: node scripts/run.js <${Object.keys(PROGRAMS).join('|')}|build> [args...]\n`,
    );
    process.exit(2);
  }
  if (canBuild()) {
    if (!buildIsCurrent()) build();
  } else if (!fs.existsSync(path.join(ROOT, 'dist', `${program}.js`))) {
    process.stderr.write(
      `dist/${program}.js is missing and this copy cannot build it (no src/ or no TypeScript): ` +
        'run `npm ci` (which builds dist/) where the dev dependencies are installed.\n',
    );
    process.exit(1);
  }
  // The SDK runtime loads aws-sdk v2, which prints an end-of-support notice on load.
  process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE ??= '1';
  // Run it as the main module, exactly as `node dist/<program>.js args...` would.
  process.argv = [process.argv[0], path.join(ROOT, 'dist', `${program}.js`), ...args];
  Module.runMain();
}

main();
