import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../src/rules/index.js';
import { ruleMetas, scan } from '../../src/engine/scan.js';
import { parseQuotaSnapshot } from '../../src/engine/quota-snapshot.js';

const fixtureFiles = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => /\.(ya?ml|json|template|tf)$/.test(f) && !f.endsWith('.expected.json') && !f.endsWith('.quotas.json'))
        .sort()
    : [];

interface Expected {
  ruleId: string;
  line: number;
  severity: string;
}

describe('rule registry', () => {
  it('lists every rule file (scripts/gen-rule-index.mjs --check)', () => {
    execFileSync(process.execPath, ['scripts/gen-rule-index.mjs', '--check'], { stdio: 'pipe' });
  });

  it('has unique IDs and names, and a docs page with a failing and a fixed example per rule', () => {
    const metas = ruleMetas();
    expect(new Set(metas.map((m) => m.id)).size).toBe(metas.length);
    expect(new Set(metas.map((m) => m.name)).size).toBe(metas.length);
    for (const meta of metas) {
      expect(meta.id).toMatch(/^HP\d{3}$/);
      expect(meta.docs).toBe(`docs/rules/${meta.id}.md`);
      expect(existsSync(meta.docs), `${meta.docs} exists`).toBe(true);
      const page = readFileSync(meta.docs, 'utf8');
      expect(page, `${meta.docs} names its rule`).toContain(meta.id);
      const codeBlocks = page.match(/^```[a-z]+$/gm) ?? [];
      expect(codeBlocks.length, `${meta.docs} shows a failing and a fixed example`).toBeGreaterThanOrEqual(2);
    }
  });
});

for (const rule of allRules) {
  const { id } = rule.meta;
  const dir = path.join('fixtures', 'rules', id);
  describe(`${id} ${rule.meta.name} fixtures`, () => {
    const failing = fixtureFiles(path.join(dir, 'fail'));
    const passing = fixtureFiles(path.join(dir, 'pass'));

    it('has pass and fail fixtures', () => {
      expect(passing.length, `${dir}/pass`).toBeGreaterThan(0);
      expect(failing.length, `${dir}/fail`).toBeGreaterThan(0);
    });

    for (const file of failing) {
      it(`fail/${file} gives exactly the expected ${id} findings`, async () => {
        const sidecar = path.join(dir, 'fail', file.replace(/\.(ya?ml|json|template|tf)$/, '.expected.json'));
        const expected = JSON.parse(readFileSync(sidecar, 'utf8')) as Expected[];
        // A `<case>.quotas.json` sidecar stands for what account mode would read (quota snapshot).
        const quotasFile = path.join(dir, 'fail', file.replace(/\.(ya?ml|json|template|tf)$/, '.quotas.json'));
        const snapshot = existsSync(quotasFile) ? parseQuotaSnapshot(readFileSync(quotasFile, 'utf8')) : undefined;
        if (snapshot && 'error' in snapshot) throw new Error(`${quotasFile}: ${snapshot.error}`);
        const result = await scan({
          cwd: path.join(dir, 'fail'),
          paths: [file],
          workers: false,
          region: 'us-west-2',
          quotaSnapshot: snapshot?.facts,
        });
        const got = result.findings.filter((f) => f.ruleId === id).map((f) => ({ ruleId: f.ruleId, line: f.line, severity: f.severity }));
        const sort = (list: Expected[]) => [...list].sort((a, b) => a.line - b.line || a.severity.localeCompare(b.severity));
        expect(sort(got)).toEqual(sort(expected.filter((e) => e.ruleId === id)));
        expect(
          result.findings.filter((f) => f.ruleId === 'HP000'),
          'fixture parses',
        ).toEqual([]);
      });
    }
    for (const file of passing) {
      it(`pass/${file} gives no ${id} finding`, async () => {
        const result = await scan({ cwd: path.join(dir, 'pass'), paths: [file], workers: false, region: 'us-west-2' });
        expect(result.findings.filter((f) => f.ruleId === id)).toEqual([]);
        expect(
          result.findings.filter((f) => f.ruleId === 'HP000'),
          'fixture parses',
        ).toEqual([]);
        expect(result.files.find((f) => f.file === file)?.kind, 'fixture is recognised').not.toMatch(/skipped|unreadable/);
      });
    }
  });
}

describe('README', () => {
  it('lists every rule with its name and default severity', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const meta of ruleMetas()) {
      const row = new RegExp(
        `\\|\\s*\\[${meta.id}\\]\\(docs/rules/${meta.id}\\.md\\)\\s*\\|\\s*${meta.name}\\s*\\|\\s*${meta.defaultSeverity}\\s*\\|`,
      );
      expect(readme, `README row for ${meta.id}`).toMatch(row);
    }
  });
});
