import { fsCalls as fs } from '../util/fs-calls.js';
import path from 'node:path';
import picomatch from 'picomatch';

/**
 * Where a CLI scan starts. Paths the user names on the command line are trusted (they may lie
 * anywhere); the scan then runs with `root` as its working directory, so reported paths stay short
 * and everything the scan itself discovers (links, module sources) is kept inside `root`.
 */
export interface ScanTargets {
  /** Absolute folder the scan runs in; reported paths are relative to it. */
  root: string;
  /** The named paths and globs, rewritten relative to `root` (forward slashes). */
  specs: string[];
}

const toPosix = (p: string): string => p.split(path.sep).join('/');

const isInside = (root: string, candidate: string): boolean => {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

interface Named {
  /** A glob's pattern after its static base, or undefined for a plain path. */
  glob?: string;
  /** Absolute path (a glob's static base). */
  absolute: string;
}

function name(cwd: string, spec: string): Named {
  const scanned = picomatch.scan(spec);
  if (!scanned.isGlob) return { absolute: path.resolve(cwd, spec) };
  return { absolute: path.resolve(cwd, scanned.base || '.'), glob: scanned.glob };
}

/** The folder a named path stands for: itself when a folder, else the folder holding it. */
async function folderOf(named: Named): Promise<string> {
  if (named.glob !== undefined) return named.absolute;
  const stat = await fs.stat(named.absolute).catch(() => undefined);
  return stat?.isDirectory() ? named.absolute : path.dirname(named.absolute);
}

function commonAncestor(folders: string[]): string {
  let common = folders[0]!;
  for (const folder of folders.slice(1)) {
    while (!isInside(common, folder)) common = path.dirname(common);
  }
  return common;
}

/**
 * Picks the scan root and rewrites the named paths relative to it. Without `--root`: the working
 * directory when it contains every named path, else the named paths' own folder (their common
 * ancestor when there are several). An explicit root must contain every named path.
 */
export async function resolveTargets(cwd: string, specs: string[], explicitRoot?: string): Promise<ScanTargets | { error: string }> {
  const named = (specs.length ? specs : ['.']).map((spec) => name(cwd, spec));
  let root: string;
  if (explicitRoot !== undefined) {
    root = path.resolve(cwd, explicitRoot);
    const stat = await fs.stat(root).catch(() => undefined);
    if (!stat?.isDirectory()) return { error: `--root ${explicitRoot} is not a folder.` };
    const outside = specs.find((_, i) => !isInside(root, named[i]!.absolute));
    if (outside !== undefined) return { error: `${outside} is not inside --root ${explicitRoot}.` };
  } else if (named.every((n) => isInside(cwd, n.absolute))) {
    root = path.resolve(cwd);
  } else {
    root = commonAncestor(await Promise.all(named.map(folderOf)));
  }
  const rewritten = named.map((n) => {
    const rel = toPosix(path.relative(root, n.absolute));
    if (n.glob === undefined) return rel || '.';
    return rel ? `${rel}/${n.glob}` : n.glob;
  });
  return { root, specs: rewritten };
}
