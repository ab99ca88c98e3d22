// The npm package (what `npx hyperpod-prereq scan .` installs) and the pre-commit hook that
// installs it. Nothing is published: `npm pack` only builds the tarball locally.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANDIDATE_EXTENSIONS } from '../../src/engine/fs-source.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Record<string, unknown> & {
  bin: Record<string, string>;
  files: string[];
};
const npm = (args: string[], cwd = repoRoot) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error' }, maxBuffer: 64 * 1024 * 1024 });

interface PackEntry {
  name: string;
  files: { path: string; mode: number }[];
  unpackedSize: number;
}

describe('npm package', () => {
  let packed: PackEntry;
  let tmp: string;
  beforeAll(() => {
    packed = (JSON.parse(npm(['pack', '--dry-run', '--json', '--ignore-scripts'])) as PackEntry[])[0]!;
    tmp = mkdtempSync(path.join(tmpdir(), 'hp-pack-'));
  }, 120_000);
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('is publishable: named, not private, with engines, bin and provenance', () => {
    expect(pkg.private).toBeUndefined();
    expect(pkg.name).toBe('hyperpod-prereq');
    expect(pkg.bin).toEqual({ 'hyperpod-prereq': 'dist/cli/index.js' });
    expect(pkg.engines).toEqual({ node: '>=20' });
    expect(pkg.publishConfig).toEqual({ access: 'public', provenance: true });
    expect(pkg.repository).toMatchObject({ type: 'git' });
    // The bundle is self-contained (next tests): installing the package must not pull the AWS SDK and the rest again.
    expect(pkg.dependencies).toBeUndefined();
  });

  it('holds the CLI bundle and its chunks, rule docs, schema and licence, and nothing of the sources or the action', () => {
    const files = packed.files.map((f) => f.path).sort();
    const cliChunks = listDir('dist/cli');
    for (const chunk of cliChunks) expect(files).toContain(`dist/cli/${chunk}`);
    const ruleDocs = listDir('docs/rules').filter((f) => f.endsWith('.md'));
    expect(ruleDocs.length).toBeGreaterThan(20);
    for (const doc of ruleDocs) expect(files).toContain(`docs/rules/${doc}`);
    expect(files).toEqual(
      expect.arrayContaining(['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json', 'schema/hyperpod-prereq.schema.json']),
    );
    const unexpected = files.filter(
      (f) => !/^(dist\/cli\/|docs\/rules\/|schema\/)/.test(f) && !['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json'].includes(f),
    );
    expect(unexpected).toEqual([]);
    const bin = packed.files.find((f) => f.path === 'dist/cli/index.js')!;
    expect(bin.mode & 0o111).not.toBe(0);
  });

  it('runs from the unpacked tarball without any node_modules (the bundle is self-contained)', () => {
    const tarball = npm(['pack', '--ignore-scripts', '--pack-destination', tmp]).trim().split('\n').pop()!;
    execFileSync('tar', ['-xzf', path.join(tmp, tarball), '-C', tmp]);
    const cli = path.join(tmp, 'package', 'dist', 'cli', 'index.js');
    expect(readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const work = path.join(tmp, 'work');
    mkdirSync(work);
    cpSync(path.join(repoRoot, 'fixtures/examples/eks-cluster-spec.json'), path.join(work, 'spec.json'));
    const run = spawnSync(process.execPath, [cli, 'scan', '.', '--format', 'json'], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, NODE_PATH: '' },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect((JSON.parse(run.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId)).toContain('HP001');
    const version = spawnSync(process.execPath, [cli, '--version'], { encoding: 'utf8' });
    expect(version.stdout.trim()).toBe(pkg.version);
  }, 120_000);
});

describe('.pre-commit-hooks.yaml', () => {
  interface Hook {
    id: string;
    entry: string;
    language: string;
    files: string;
    require_serial?: boolean;
  }
  const hooks = parse(readFileSync(path.join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
  const hook = hooks.find((h) => h.id === 'hyperpod-prereq')!;

  it('installs the package with language node and runs its bin on the staged files, in one run', () => {
    expect(hook.language).toBe('node');
    expect(hook.entry.split(' ')[0]).toBe(Object.keys(pkg.bin)[0]);
    expect(hook.entry).toBe('hyperpod-prereq scan');
    expect(hook.require_serial).toBe(true);
  });

  it('selects every file type the scanner reads, and not others', () => {
    const selects = new RegExp(hook.files);
    for (const ext of CANDIDATE_EXTENSIONS) expect(selects.test(`infra/stack${ext}`), ext).toBe(true);
    expect(selects.test('vars/prod.tfvars')).toBe(true);
    for (const other of ['README.md', 'main.py', 'stack.yaml.bak', 'Makefile']) expect(selects.test(other), other).toBe(false);
  });

  it('fails the commit on findings and passes clean files, given file names as pre-commit passes them', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hp-hook-'));
    try {
      cpSync(path.join(repoRoot, 'fixtures/examples/eks-cluster-spec.json'), path.join(dir, 'spec.json'));
      writeFileSync(path.join(dir, 'values.yaml'), 'replicas: 3\n');
      const [, ...args] = hook.entry.split(' ');
      const cli = path.join(repoRoot, pkg.bin['hyperpod-prereq']!);
      const failing = spawnSync(process.execPath, [cli, ...args, 'values.yaml', 'spec.json'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
      expect(failing.status).toBe(1);
      expect(failing.stdout).toMatch(/^\s*spec\.json:\d+:\d+\s+error\s+HP001 /m);
      const clean = spawnSync(process.execPath, [cli, ...args, 'values.yaml'], { cwd: dir, encoding: 'utf8' });
      expect(clean.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function listDir(relative: string): string[] {
  return readdirSync(path.join(repoRoot, relative));
}
