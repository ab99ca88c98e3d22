// Git access for the pull-request layer: the base revision as a FileSource (read from git
// objects, no checkout), and `git diff` as the fallback for the changed files.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { pathGlobMatcher } from '../util/glob.js';
import type { FileSource } from '../engine/types.js';
import { parseGitDiff, type ChangedFile } from './diff.js';

const SKIPPED_DIRS = new Set(['.git', 'node_modules', '.terraform', '.hg', '.svn']);

interface GitResult {
  stdout: Buffer;
  stderr: string;
}

/** Runs git without a shell; rejects with git's own message on a non-zero exit. */
export function git(args: string[], cwd: string, maxBuffer = 64 * 1024 * 1024): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['-c', 'core.quotePath=false', ...args],
      // Literal pathspecs: a file named ":(exclude)x" is a file name, not pathspec magic.
      { cwd, encoding: 'buffer', maxBuffer, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_LITERAL_PATHSPECS: '1', LC_ALL: 'C' } },
      (error, stdout, stderr) => {
        if (error) {
          const message = stderr.toString('utf8').trim() || error.message;
          reject(new Error(`git ${args[0]}: ${message.split('\n')[0]}`));
        } else resolve({ stdout, stderr: stderr.toString('utf8') });
      },
    );
  });
}

/** A commit ID, checked so that it can never be taken for an option. */
export function checkedRevision(revision: string): string {
  if (!/^[0-9a-f]{7,64}$/i.test(revision) && revision !== 'HEAD') throw new Error(`Not a commit ID: "${revision}"`);
  return revision;
}

export async function repositoryRoot(cwd: string): Promise<string | undefined> {
  try {
    return (await git(['rev-parse', '--show-toplevel'], cwd)).stdout.toString('utf8').trim();
  } catch {
    return undefined;
  }
}

/** The checked-out commit followed by its parents, or undefined outside a git checkout. */
export async function headAndParents(cwd: string): Promise<string[] | undefined> {
  try {
    const { stdout } = await git(['rev-list', '--parents', '-n', '1', 'HEAD'], cwd);
    const commits = stdout.toString('utf8').trim().split(/\s+/).filter(Boolean);
    return commits.length ? commits : undefined;
  } catch {
    return undefined;
  }
}

/** Makes sure the commit is available, fetching it (shallow) when the checkout lacks it. */
export async function ensureCommit(cwd: string, revision: string): Promise<boolean> {
  const sha = checkedRevision(revision);
  const present = async () =>
    git(['cat-file', '-e', `${sha}^{commit}`], cwd).then(
      () => true,
      () => false,
    );
  if (await present()) return true;
  try {
    await git(['fetch', '--no-tags', '--quiet', '--depth=1', 'origin', sha], cwd);
  } catch {
    return false;
  }
  return present();
}

/** Changed files between the merge base of BASE and HEAD, and HEAD (what the pull request shows). */
export async function gitChangedFiles(cwd: string, base: string, head = 'HEAD'): Promise<ChangedFile[]> {
  const range = `${checkedRevision(base)}...${checkedRevision(head)}`;
  const { stdout } = await git(['diff', '--unified=0', '--no-color', '--no-ext-diff', '-M', range, '--'], cwd);
  return parseGitDiff(stdout.toString('utf8'));
}

/**
 * Which of `paths` (repository-relative) differ between `revision` and the work tree's HEAD;
 * an empty set when HEAD is `revision`, undefined when `revision` cannot be had.
 */
export async function filesDifferingFromWorkTree(repoRoot: string, revision: string, paths: string[]): Promise<Set<string> | undefined> {
  const sha = checkedRevision(revision);
  const head = (await git(['rev-parse', 'HEAD'], repoRoot).catch(() => undefined))?.stdout.toString('utf8').trim();
  if (head === sha) return new Set();
  if (!(await ensureCommit(repoRoot, sha).catch(() => false))) return undefined;
  const differing = new Set<string>();
  try {
    // In batches, to stay far below the command-line length limit.
    for (let i = 0; i < paths.length; i += 500) {
      const { stdout } = await git(['diff', '--name-only', '-z', '--no-renames', sha, 'HEAD', '--', ...paths.slice(i, i + 500)], repoRoot);
      for (const name of stdout.toString('utf8').split('\0')) if (name) differing.add(name);
    }
  } catch {
    return undefined;
  }
  return differing;
}

interface TreeEntry {
  mode: string;
  type: string;
  object: string;
  size: number;
}

/**
 * The files of one revision under `prefix` (the scan's working directory, relative to the
 * repository root), read with `git ls-tree` and `git cat-file`. Symbolic links and submodules
 * are refused. `renames` (head path → base path, relative to the working directory) presents a
 * renamed file under its head name so its findings keep their fingerprints.
 */
export class GitFileSource implements FileSource {
  private entries?: Promise<Map<string, TreeEntry>>;

  constructor(
    private readonly repoRoot: string,
    private readonly revision: string,
    private readonly prefix: string,
    private readonly renames: Map<string, string> = new Map(),
  ) {
    checkedRevision(revision);
  }

  private tree(): Promise<Map<string, TreeEntry>> {
    this.entries ??= (async () => {
      const { stdout } = await git(['ls-tree', '-r', '-l', '-z', '--full-tree', this.revision], this.repoRoot, 512 * 1024 * 1024);
      const byPath = new Map<string, TreeEntry>();
      const under = this.prefix ? `${this.prefix}/` : '';
      for (const record of stdout.toString('utf8').split('\0')) {
        const tab = record.indexOf('\t');
        if (tab < 0) continue;
        const [mode, type, object, size] = record.slice(0, tab).split(/\s+/);
        const full = record.slice(tab + 1);
        if (!full.startsWith(under)) continue;
        byPath.set(full.slice(under.length), { mode, type, object, size: Number(size) || 0 });
      }
      for (const [headPath, basePath] of this.renames) {
        const entry = byPath.get(basePath);
        if (!entry || byPath.has(headPath)) continue;
        byPath.delete(basePath);
        byPath.set(headPath, entry);
      }
      return byPath;
    })();
    return this.entries;
  }

  async list(paths: string[], exclude: string[]): Promise<string[]> {
    const excluded = pathGlobMatcher(exclude);
    const isExcluded = (file: string): boolean => {
      const parts = file.split('/');
      if (parts.slice(0, -1).some((part) => SKIPPED_DIRS.has(part))) return true;
      for (let i = 1; i <= parts.length; i++) if (excluded(parts.slice(0, i).join('/'))) return true;
      return false;
    };
    const all = [...(await this.tree()).keys()].filter((file) => !isExcluded(file));
    const found = new Set<string>();
    for (const spec of paths.length ? paths : ['.']) {
      if (/[*?[\]{}!]/.test(spec)) {
        const match = pathGlobMatcher([spec.replace(/\\/g, '/').replace(/^\.\//, '')]);
        for (const file of all) if (match(file)) found.add(file);
        continue;
      }
      const rel = path.posix
        .normalize(spec.replace(/\\/g, '/'))
        .replace(/^\.\/?/, '')
        .replace(/\/$/, '');
      if (rel.startsWith('..') || path.posix.isAbsolute(rel)) continue;
      for (const file of all) if (rel === '' || file === rel || file.startsWith(`${rel}/`)) found.add(file);
    }
    return [...found].sort();
  }

  async read(file: string, maxBytes: number): Promise<{ data: Buffer } | { refused: string }> {
    const entry = (await this.tree()).get(file);
    if (!entry) return { refused: 'not in the base revision' };
    if (entry.mode === '120000') return { refused: 'symbolic link in the base revision (not followed)' };
    if (entry.type !== 'blob') return { refused: `not a regular file in the base revision (${entry.type})` };
    if (entry.size > maxBytes) return { refused: `file is ${entry.size} bytes, over the limit of ${maxBytes} bytes` };
    try {
      const { stdout } = await git(['cat-file', 'blob', entry.object], this.repoRoot, maxBytes + 1024);
      return { data: stdout };
    } catch (error) {
      return { refused: `cannot be read from git (${(error as Error).message})` };
    }
  }
}
