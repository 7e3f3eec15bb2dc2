/**
 * What the process did while the run's longest chain of requests waited: reads a CPU profile
 * of a collect process (`node --cpu-prof`) and its requests (first-request.js REQUEST_LOG:
 * each request's path, when it went out and when its answer ended, on the profile's clock),
 * finds the longest chain of requests each sent after the one before it was answered, and
 * prints per link when it went out and ended (ms since the profile started), the gap before
 * it and the CPU the process spent in that gap, by what it was doing (module loading, ajv,
 * garbage collection, else the integration's or the SDK's function). start-run.sh runs it for
 * every run when PROFILE is set.
 *
 *   node scripts/dev/profile-gaps.js PROFILE.cpuprofile REQUESTS.jsonl
 */
'use strict';

const fs = require('fs');

const [profileFile, requestsFile] = process.argv.slice(2);
const profile = JSON.parse(fs.readFileSync(profileFile, 'utf8'));
const requests = fs
  .readFileSync(requestsFile, 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line))
  .filter((request) => request.end !== undefined)
  .sort((a, b) => a.start - b.start);

// The longest chain: for each request, the longest chain of requests answered before it went out.
const best = requests.map(() => ({ length: 1, previous: -1 }));
for (let i = 0; i < requests.length; i++) {
  for (let j = 0; j < requests.length; j++) {
    if (requests[j].end <= requests[i].start && best[j].length + 1 > best[i].length) {
      best[i] = { length: best[j].length + 1, previous: j };
    }
  }
}
let last = 0;
for (let i = 1; i < requests.length; i++) {
  if (best[i].length > best[last].length) last = i;
}
const chain = [];
for (let i = last; i >= 0; i = best[i].previous) chain.unshift(requests[i]);

const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parents = new Map();
for (const node of profile.nodes)
  for (const child of node.children ?? []) parents.set(child, node.id);
const sampleTimes = [];
let time = profile.startTime;
for (const delta of profile.timeDeltas) sampleTimes.push((time += delta));

const categories = new Map();
function categoryOf(id) {
  if (categories.has(id)) return categories.get(id);
  const stack = [];
  for (let at = id; at !== undefined; at = parents.get(at)) stack.push(nodes.get(at).callFrame);
  const where = (frame) =>
    `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*\/(dist\/src|node_modules)\//, '')}`;
  let category;
  if (stack[0].functionName.startsWith('(')) category = stack[0].functionName;
  else if (stack.some((frame) => frame.functionName === 'Module._load'))
    category = 'module loading';
  else if (stack.some((frame) => /node_modules\/ajv\//.test(frame.url))) category = 'ajv';
  else {
    const ours = stack.find((frame) => /\/dist\/src\//.test(frame.url));
    const library = stack.find((frame) => /node_modules/.test(frame.url));
    category = where(ours ?? library ?? stack[0]);
  }
  categories.set(id, category);
  return category;
}

const ms = (microseconds) => ((microseconds - profile.startTime) / 1000).toFixed(0);
const endpoint = (path) => path.replace(/\?.*/, '').replace(/[0-9a-f]{24}/g, '{id}');
let gaps = 0;
chain.forEach((request, index) => {
  const from = index > 0 ? chain[index - 1].end : profile.startTime;
  const gap = (request.start - from) / 1000;
  if (index > 0) gaps += gap;
  const spent = new Map();
  for (let i = 0; i < sampleTimes.length; i++) {
    if (sampleTimes[i] <= from || sampleTimes[i] > request.start) continue;
    const category = categoryOf(profile.samples[i]);
    if (category === '(idle)') continue;
    const duration = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    spent.set(category, (spent.get(category) ?? 0) + duration);
  }
  const busy = [...spent.values()].reduce((sum, value) => sum + value, 0);
  console.log(
    `${String(index + 1).padStart(3)} ${ms(request.start).padStart(6)}-${ms(request.end).padEnd(6)}` +
      ` gap ${gap.toFixed(0).padStart(4)} ms, busy ${busy.toFixed(0).padStart(4)} ms  ${endpoint(request.path)}`,
  );
  if (index === 0 || gap < 8) return;
  const top = [...spent].sort((a, b) => b[1] - a[1]).slice(0, 5);
  for (const [category, value] of top) console.log(`${value.toFixed(1).padStart(22)} ${category}`);
});
console.log(
  `chain ${chain.length}; gaps after its first request ${gaps.toFixed(0)} ms; first request at ` +
    `${ms(requests[0].start)} ms, last answer at ${ms(Math.max(...requests.map((r) => r.end)))} ms, ` +
    `profile ends at ${ms(profile.endTime)} ms (ms since the profile started)`,
);
