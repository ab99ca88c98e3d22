import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const listFiles = (dir: string, base = dir): string[] =>
  readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full, base) : [path.relative(base, full)];
  });

describe('dist/', () => {
  it('is what the build script produces from the current sources', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'hp-dist-'));
    try {
      // Asynchronous, so the test worker keeps answering vitest during the two ncc builds.
      await promisify(execFile)(process.execPath, ['scripts/build.mjs', '--out', out]);
      const built = listFiles(out).sort();
      const committed = listFiles('dist').sort();
      expect(committed, 'files in dist/ (run `npm run build`)').toEqual(built);
      for (const file of built) {
        const fresh = readFileSync(path.join(out, file));
        const current = readFileSync(path.join('dist', file));
        expect(current.equals(fresh), `dist/${file} is stale: run \`npm run build\` and commit dist/`).toBe(true);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 420_000); // two ncc builds; slow on a loaded 2-core machine
});
