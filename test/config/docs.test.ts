import { readFileSync } from 'node:fs';
import path from 'node:path';
import AjvModule from 'ajv';
import { describe, expect, it } from 'vitest';
import schema from '../../schema/hyperpod-prereq.schema.json' with { type: 'json' };
import { parseConfig } from '../../src/config/index.js';
import { ENGINE_RULES, SUPPRESSION_PROBLEM } from '../../src/rules/meta.js';

const root = path.resolve(__dirname, '../..');
const page = readFileSync(path.join(root, 'docs/configuration.md'), 'utf8');
/** Rule IDs of the catalog (shared/reference/rules.md), so the docs examples are checked without the registry. */
const CATALOG =
  'HP001 HP002 HP003 HP004 HP005 HP006 HP010 HP011 HP012 HP013 HP020 HP021 HP030 HP031 HP032 HP033 HP040 HP050 HP051 HP060 HP061 HP090'.split(
    ' ',
  );

/** Fenced blocks whose info string is exactly `yaml`: config examples (templates are `yaml template`). */
function configExamples(markdown: string): { line: number; text: string }[] {
  const blocks: { line: number; text: string }[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '```yaml') continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end]!.trim() !== '```') end++;
    blocks.push({ line: start + 1, text: lines.slice(start, end).join('\n') });
    i = end;
  }
  return blocks;
}

describe('schema and docs stay in step', () => {
  it('the schema is a valid draft-07 schema', () => {
    const ajv = new AjvModule.default();
    expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
  });

  it('docs/configuration.md has a section for every top-level key, in schema order', () => {
    const keys = Object.keys(schema.properties);
    const sections = [...page.matchAll(/^## `([A-Za-z]+)`$/gm)].map((m) => m[1]);
    expect(sections).toEqual(keys);
  });

  it('every config example in the docs parses without errors', () => {
    const examples = configExamples(page);
    expect(examples.length).toBe(12);
    for (const example of examples) {
      const { errors } = parseConfig(example.text, 'docs/configuration.md', CATALOG);
      expect(errors, `example at docs/configuration.md:${example.line}`).toEqual([]);
    }
  });

  it('every limit in the schema is in the docs table', () => {
    for (const key of Object.keys(schema.definitions.limits.properties)) expect(page).toMatch(new RegExp(`^\\| \`${key}\` +\\|`, 'm'));
  });

  it('engine rule metadata points at pages that name the rule', () => {
    expect(ENGINE_RULES.map((r) => r.id)).toEqual(['HP000', 'HP091', 'HP092']);
    for (const meta of ENGINE_RULES) {
      expect(meta.docs).toBe(`docs/rules/${meta.id}.md`);
      expect(readFileSync(path.join(root, meta.docs), 'utf8').split('\n')[0]).toBe(`# ${meta.id} ${meta.name}`);
    }
    expect(SUPPRESSION_PROBLEM.defaultSeverity).toBe('warning');
  });
});
