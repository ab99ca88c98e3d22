// action.yml conventions for a Marketplace action (GitHub "Metadata syntax for GitHub Actions").
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../..');

interface ActionMetadata {
  name?: string;
  description?: string;
  author?: string;
  branding?: { icon?: string; color?: string };
  inputs?: Record<string, { description?: string; required?: boolean; default?: unknown }>;
  outputs?: Record<string, { description?: string }>;
  runs?: { using?: string; main?: string };
}

const action = parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as ActionMetadata;

describe('action.yml', () => {
  it('has a name, description, author and Marketplace branding', () => {
    expect(action.name).toBeTruthy();
    expect(action.description).toBeTruthy();
    expect(action.author).toBeTruthy();
    expect(action.branding?.icon).toMatch(/^[a-z0-9-]+$/);
    // The colours GitHub accepts for branding.
    expect(['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark']).toContain(action.branding?.color);
  });

  it('runs the committed bundle on a current Node.js runtime', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('gives every input a description, and a default unless it is required', () => {
    const problems = Object.entries(action.inputs ?? {}).flatMap(([name, input]) => [
      ...(input.description?.trim() ? [] : [`${name}: no description`]),
      ...(input.required === true || input.default !== undefined ? [] : [`${name}: optional without a default`]),
    ]);
    expect(problems).toEqual([]);
  });

  it('gives every output a description', () => {
    expect(Object.entries(action.outputs ?? {}).filter(([, output]) => !output.description?.trim())).toEqual([]);
  });
});
