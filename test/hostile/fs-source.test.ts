import { mkdtempSync, promises, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { FsFileSource } from '../../src/engine/fs-source.js';

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
    vi.spyOn(promises, 'open').mockRejectedValue(denied());
    await expect(new FsFileSource(dir).read('template.yaml', 1000)).resolves.toEqual({ refused: 'cannot be read (EACCES)' });
  });

  it('the scan reports it as one HP000 on line 1 and goes on', async () => {
    vi.spyOn(promises, 'open').mockRejectedValue(denied());
    const result = await scan({ cwd: dir, paths: ['.'], workers: false });
    expect(result.findings.map((f) => [f.ruleId, f.file, f.line, f.message])).toEqual([
      ['HP000', 'template.yaml', 1, 'template.yaml was not read: cannot be read (EACCES).'],
    ]);
    expect(result.files).toEqual([{ file: 'template.yaml', kind: 'unreadable', note: 'cannot be read (EACCES)' }]);
  });
});
