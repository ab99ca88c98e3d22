import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitFileSource, checkedRevision, ensureCommit, filesDifferingFromWorkTree, gitChangedFiles } from '../../src/action/git.js';
import { parseGitDiff, parseEdited, parsePatch, unquoteGitPath } from '../../src/action/diff.js';

let repo: string;
let base: string;
let head: string;
const sh = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();

beforeAll(() => {
  repo = mkdtempSync(path.join(tmpdir(), 'hp-git-'));
  sh('init', '-q', '-b', 'main');
  sh('config', 'user.email', 't@example.com');
  sh('config', 'user.name', 't');
  mkdirSync(path.join(repo, 'infra/stacks'), { recursive: true });
  writeFileSync(path.join(repo, 'infra/stacks/a.yaml'), 'one\ntwo\nthree\n');
  writeFileSync(path.join(repo, 'infra/stacks/old name.yaml'), 'x: 1\ny: 2\nz: 3\nw: 4\n');
  writeFileSync(path.join(repo, 'infra/big.json'), '{"a":"' + 'x'.repeat(200) + '"}');
  writeFileSync(path.join(repo, 'outside.yaml'), 'o: 1\n');
  mkdirSync(path.join(repo, 'infra/node_modules'));
  writeFileSync(path.join(repo, 'infra/node_modules/m.yaml'), 'm: 1\n');
  symlinkSync('../../outside.yaml', path.join(repo, 'infra/stacks/link.yaml'));
  sh('add', '-A');
  sh('commit', '-qm', 'base');
  base = sh('rev-parse', 'HEAD');
  writeFileSync(path.join(repo, 'infra/stacks/a.yaml'), 'one\nTWO\nthree\nfour\n');
  renameSync(path.join(repo, 'infra/stacks/old name.yaml'), path.join(repo, 'infra/stacks/new name.yaml'));
  writeFileSync(path.join(repo, 'infra/stacks/new name.yaml'), 'x: 1\ny: 2\nz: 3\nw: 5\n');
  writeFileSync(path.join(repo, 'infra/stacks/tab\tä.json'), '{}\n');
  sh('add', '-A');
  sh('commit', '-qm', 'head');
  head = sh('rev-parse', 'HEAD');
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('GitFileSource', () => {
  it('lists the base revision under the working directory, skipping node_modules and excludes', async () => {
    const source = new GitFileSource(repo, base, 'infra');
    expect(await source.list(['.'], [])).toEqual(['big.json', 'stacks/a.yaml', 'stacks/link.yaml', 'stacks/old name.yaml']);
    expect(await source.list(['stacks'], ['**/old*'])).toEqual(['stacks/a.yaml', 'stacks/link.yaml']);
    expect(await source.list(['**/*.json'], [])).toEqual(['big.json']);
    expect(await source.list(['../outside.yaml'], [])).toEqual([]);
  });

  it('reads base contents without a checkout, and refuses symlinks and oversized files', async () => {
    const source = new GitFileSource(repo, base, 'infra');
    const read = await source.read('stacks/a.yaml', 1000);
    expect('data' in read && read.data.toString()).toBe('one\ntwo\nthree\n');
    expect(await source.read('stacks/link.yaml', 1000)).toEqual({ refused: 'symbolic link in the base revision (not followed)' });
    expect(await source.read('big.json', 100)).toEqual({ refused: 'file is 208 bytes, over the limit of 100 bytes' });
    expect(await source.read('stacks/none.yaml', 100)).toEqual({ refused: 'not in the base revision' });
  });

  it('presents a renamed file under its head name', async () => {
    const source = new GitFileSource(repo, base, 'infra', new Map([['stacks/new name.yaml', 'stacks/old name.yaml']]));
    expect(await source.list(['.'], [])).toEqual(['big.json', 'stacks/a.yaml', 'stacks/link.yaml', 'stacks/new name.yaml']);
    const read = await source.read('stacks/new name.yaml', 1000);
    expect('data' in read && read.data.toString()).toBe('x: 1\ny: 2\nz: 3\nw: 4\n');
  });

  it('refuses revisions that could be taken for options', () => {
    expect(() => checkedRevision('--upload-pack=evil')).toThrow('Not a commit ID');
    expect(() => new GitFileSource(repo, '-x', '')).toThrow('Not a commit ID');
  });
});

describe('git diff fallback', () => {
  it('finds changed files, renames, quoted names and head-side hunks', async () => {
    expect(await ensureCommit(repo, base)).toBe(true);
    const files = await gitChangedFiles(repo, base, head);
    expect(files).toEqual([
      {
        path: 'infra/stacks/a.yaml',
        status: 'modified',
        hunks: [
          { start: 2, end: 2 },
          { start: 4, end: 4 },
        ],
        edited: [
          { start: 2, end: 2 },
          { start: 4, end: 4 },
        ],
      },
      {
        path: 'infra/stacks/new name.yaml',
        previousPath: 'infra/stacks/old name.yaml',
        status: 'renamed',
        hunks: [{ start: 4, end: 4 }],
        edited: [{ start: 4, end: 4 }],
      },
      { path: 'infra/stacks/tab\tä.json', status: 'added', hunks: [{ start: 1, end: 1 }], edited: [{ start: 1, end: 1 }] },
    ]);
  });

  it('tells which files differ between a commit and the checked-out HEAD', async () => {
    const paths = ['infra/stacks/a.yaml', 'infra/big.json', ':(exclude)infra/big.json'];
    expect(await filesDifferingFromWorkTree(repo, head, paths)).toEqual(new Set());
    expect(await filesDifferingFromWorkTree(repo, base, paths)).toEqual(new Set(['infra/stacks/a.yaml']));
    expect(await filesDifferingFromWorkTree(repo, 'e'.repeat(40), paths)).toBeUndefined();
  });

  it('reports a missing commit that cannot be fetched', async () => {
    expect(await ensureCommit(repo, 'f'.repeat(40))).toBe(false);
  });
});

describe('patch parsing', () => {
  it('takes head-side ranges from hunk headers, skipping pure deletions', () => {
    const patch = '@@ -1,3 +1,4 @@\n a\n+b\n c\n d\n@@ -10,2 +11,0 @@\n-x\n-y\n@@ -20 +20 @@\n-p\n+q';
    expect(parsePatch(patch)).toEqual([
      { start: 1, end: 4 },
      { start: 20, end: 20 },
    ]);
  });

  it('takes the edited lines without context: added lines and the line after a deletion', () => {
    const patch = '@@ -1,3 +1,4 @@\n a\n+b\n c\n d\n@@ -10,2 +11,0 @@\n-x\n-y\n@@ -20,3 +20,3 @@\n p\n-q\n+r\n s';
    expect(parseEdited(patch)).toEqual([
      { start: 2, end: 2 },
      { start: 12, end: 12 },
      { start: 21, end: 21 },
    ]);
    // git diff --unified=0 headers alone
    expect(parseEdited('@@ -4,0 +5,2 @@')).toEqual([{ start: 5, end: 6 }]);
    expect(parseEdited('@@ -7,2 +6,0 @@')).toEqual([{ start: 7, end: 7 }]);
  });

  it('parses deleted files and unquotes octal escapes', () => {
    expect(parseGitDiff('diff --git a/x.yaml b/x.yaml\n--- a/x.yaml\n+++ /dev/null\n@@ -1 +0,0 @@\n-a\n')).toEqual([
      { path: 'x.yaml', status: 'removed', hunks: [] },
    ]);
    expect(unquoteGitPath('"b/\\303\\244 \\"q\\".yaml"')).toBe('b/ä "q".yaml');
  });

  it('keeps characters outside the BMP that git leaves raw inside a quoted name', () => {
    // git quotes the name for the tab, and with core.quotePath=false writes the emoji as raw UTF-8.
    expect(unquoteGitPath('"b/a\\tb😀.yaml"')).toBe('b/a\tb😀.yaml');
    expect(parseGitDiff('diff --git x y\n--- "a/a\\tb😀.yaml"\n+++ "b/a\\tb😀.yaml"\n@@ -1 +1 @@\n-x\n+y\n')).toEqual([
      { path: 'a\tb😀.yaml', status: 'modified', hunks: [{ start: 1, end: 1 }], edited: [{ start: 1, end: 1 }] },
    ]);
  });
});
