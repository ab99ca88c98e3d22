import { mkdtempSync, promises, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { FsFileSource } from '../../src/engine/fs-source.js';
import { fsCalls } from '../../src/util/fs-calls.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'hp-fs-source-'));
  writeFileSync(path.join(dir, 'template.yaml'), "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const denied = () => Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });

describe('FsFileSource.read when the file cannot be opened', () => {
  it('refuses the file with the error code instead of throwing', async () => {
    vi.spyOn(fsCalls, 'open').mockRejectedValue(denied());
    await expect(new FsFileSource(dir).read('template.yaml', 1000)).resolves.toEqual({ refused: 'cannot be read (EACCES)' });
  });

  it('the scan reports it as one HP000 on line 1 and goes on', async () => {
    vi.spyOn(fsCalls, 'open').mockRejectedValue(denied());
    const result = await scan({ cwd: dir, paths: ['.'], workers: false });
    expect(result.findings.map((f) => [f.ruleId, f.file, f.line, f.message])).toEqual([
      ['HP000', 'template.yaml', 1, 'template.yaml was not read: cannot be read (EACCES).'],
    ]);
    expect(result.files).toEqual([{ file: 'template.yaml', kind: 'unreadable', note: 'cannot be read (EACCES)' }]);
  });
});

describe('FsFileSource containment without trusted names (the action: paths come from the workflow, files from the PR)', () => {
  it('refuses a named path outside the root and a named link leaving it; trustNamedPaths follows only the named link', async () => {
    const outer = mkdtempSync(path.join(tmpdir(), 'hp-fs-outer-'));
    try {
      const root = path.join(outer, 'root');
      await promises.mkdir(root);
      writeFileSync(path.join(outer, 'secret.yaml'), 'a: 1\n');
      await promises.symlink(path.join(outer, 'secret.yaml'), path.join(root, 'named.yaml'));
      const source = new FsFileSource(root);
      expect(await source.list(['../secret.yaml', 'named.yaml'], [])).toEqual([]);
      expect([...source.refusedWhileListing.keys()].sort()).toEqual(['../secret.yaml', 'named.yaml']);
      expect(await source.read('named.yaml', 1000)).toEqual({ refused: 'symbolic link pointing outside the workspace (not followed)' });
      const trusting = new FsFileSource(root, { trustNamedPaths: true });
      expect(await trusting.list(['named.yaml'], [])).toEqual(['named.yaml']);
      expect(await trusting.read('named.yaml', 1000)).toEqual({ data: Buffer.from('a: 1\n') });
      const walking = new FsFileSource(root, { trustNamedPaths: true });
      expect(await walking.list(['.'], [])).toEqual([]);
      expect(await walking.read('named.yaml', 1000)).toEqual({ refused: 'symbolic link pointing outside the workspace (not followed)' });
    } finally {
      rmSync(outer, { recursive: true, force: true });
    }
  });
});
