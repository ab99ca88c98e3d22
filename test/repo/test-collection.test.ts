// Every test file in test/ is collected by `npm test`: an exclude pattern that catches a folder of
// tests (vitest's default `**/dist/**` caught test/dist/, the dist staleness test) fails here.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import config from '../../vitest.config.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');

describe('test collection', () => {
  it('no test file under test/ matches an exclude pattern of the vitest config', () => {
    const files = readdirSync(path.join(repoRoot, 'test'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => `test/${f.split(path.sep).join('/')}`);
    expect(files).toContain('test/dist/dist-fresh.test.ts');
    const excluded = picomatch(config.test!.exclude!, { dot: true });
    expect(files.filter((f) => excluded(f))).toEqual([]);
  });
});
