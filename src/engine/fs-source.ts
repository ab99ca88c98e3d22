import { constants } from 'node:fs';
import { fsCalls as fs } from '../util/fs-calls.js';
import path from 'node:path';
import picomatch from 'picomatch';
import { pathGlobMatcher } from '../util/glob.js';
import type { FileSource, ListOptions } from './types.js';

/** Folders never worth walking. */
const ALWAYS_SKIPPED_DIRS = new Set(['.git', 'node_modules', '.terraform', '.hg', '.svn']);

/** Extensions read as possible inputs (kind is then detected from content) or as Terraform sources. */
export const CANDIDATE_EXTENSIONS = ['.yaml', '.yml', '.json', '.template', '.tf', '.tfvars', '.params', '.properties'];

/** Terraform source files: read by the Terraform source reader, not the per-file parsers. */
export const isTerraformSource = (file: string): boolean => /\.(tf|tfvars|tfvars\.json)$/i.test(file);

export const isCandidate = (file: string): boolean => CANDIDATE_EXTENSIONS.some((ext) => file.toLowerCase().endsWith(ext));

const toPosix = (p: string): string => p.split(path.sep).join('/');

const hasGlob = (p: string): boolean => /[*?[\]{}!]/.test(p);

/**
 * Files under `root`, read without ever leaving it: the real path of every file read and every folder
 * walked (links as the last name or as any folder on the way) must be inside the real root; folders
 * reached through links are not walked, special files are refused.
 */
export class FsFileSource implements FileSource {
  private readonly root: string;
  /** Paths refused while listing (links leaving the tree), reported as HP000 by the engine. */
  readonly refusedWhileListing = new Map<string, string>();
  /** Paths the user named themselves (CLI) that are or go through links, with their real paths: followed wherever they point, and what is found under one stays inside its target. */
  private readonly namedRoots = new Map<string, string>();
  private realRootPromise: Promise<string> | undefined;
  private deadline: number | undefined;
  /** Set when a listing stopped at its deadline (maxRunMs): the files found so far are returned. */
  stoppedAtDeadline = false;

  /**
   * `trustNamedPaths`: the paths given to list() come from the person running the scan (the CLI),
   * so a named link is followed even out of the tree. What the walk discovers stays contained.
   */
  constructor(
    root: string,
    private readonly options: { trustNamedPaths?: boolean } = {},
  ) {
    this.root = path.resolve(root);
  }

  async list(paths: string[], exclude: string[], options: ListOptions = {}): Promise<string[]> {
    this.deadline = options.deadline;
    // The config's include is the scanned tree's own text: only the person running the scan names trusted paths.
    const trusted = this.options.trustNamedPaths === true && !options.fromConfig;
    const excluded = pathGlobMatcher(exclude);
    const found = new Set<string>();
    for (const spec of paths.length ? paths : ['.']) {
      if (hasGlob(spec)) {
        const pattern = toPosix(spec).replace(/^\.\//, '');
        const match = pathGlobMatcher([pattern]);
        // Only the glob's static base is walked (`infra/**/*.yaml` walks infra/).
        const base = picomatch.scan(pattern).base;
        const start = base && !base.startsWith('..') && !path.isAbsolute(base) ? base : '';
        // The CLI user named the glob's base: it may be (or go through) a link, like a named folder.
        if (start && trusted && (await this.escapes(start))) {
          const real = await fs.realpath(path.join(this.root, start)).catch(() => undefined);
          if (real) this.trustNamed(start, real);
        }
        await this.walk(start, (rel) => match(rel) && found.add(rel), excluded);
        continue;
      }
      const rel = toPosix(path.relative(this.root, path.resolve(this.root, spec)));
      if (rel.startsWith('..') || path.isAbsolute(rel)) {
        this.refusedWhileListing.set(toPosix(spec), 'path is outside the working directory (run the scan from a folder that contains it)');
        continue;
      }
      let stat;
      try {
        stat = await fs.lstat(path.join(this.root, rel));
      } catch {
        this.refusedWhileListing.set(rel || '.', 'path does not exist');
        continue;
      }
      if (trusted && (stat.isSymbolicLink() || (await this.escapes(rel)))) {
        // A named path (or a folder on its way) may be a link anywhere; what is under it stays inside its target.
        const real = await fs.realpath(path.join(this.root, rel)).catch(() => undefined);
        const target = real ? await fs.stat(real).catch(() => undefined) : undefined;
        if (real && target?.isDirectory()) {
          this.trustNamed(rel, real);
          await this.walk(rel, (f) => found.add(f), excluded);
        } else if (real && target && !excluded(rel)) {
          this.trustNamed(rel, real);
          found.add(rel);
        } else if (!target) this.refusedWhileListing.set(rel, 'symbolic link whose target does not exist or loops');
        continue;
      }
      const escape = await this.escapes(rel);
      if (escape) {
        this.refusedWhileListing.set(rel, escape);
        continue;
      }
      if (stat.isDirectory()) await this.walk(rel, (f) => found.add(f), excluded);
      else if (excluded(rel)) continue;
      else {
        const leaves = stat.isSymbolicLink() ? await this.linkLeavesWorkspace(rel) : undefined;
        if (leaves) this.refusedWhileListing.set(rel, leaves);
        else found.add(rel);
      }
    }
    return [...found].sort();
  }

  private trustNamed(rel: string, real: string): void {
    this.namedRoots.set(rel, real);
  }

  private realRoot(): Promise<string> {
    this.realRootPromise ??= fs.realpath(this.root).catch(() => this.root);
    return this.realRootPromise;
  }

  /** The real folder `rel` must stay in: the target of the named link it is under, else the real root. */
  private async allowedRoot(rel: string): Promise<string> {
    let best: string | undefined;
    for (const named of this.namedRoots.keys()) {
      if ((rel === named || rel.startsWith(`${named}/`)) && (!best || named.length > best.length)) best = named;
    }
    return best ? this.namedRoots.get(best)! : this.realRoot();
  }

  /**
   * Why `rel` must not be read or walked, or undefined: the real path of the whole path (every
   * folder on the way, not only the last name) must be inside the real root.
   */
  private async escapes(rel: string): Promise<string | undefined> {
    const absolute = path.join(this.root, rel);
    let real: string;
    try {
      real = await fs.realpath(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') return 'symbolic link whose target does not exist or loops';
      // A missing path: its nearest existing folder decides (a dangling link inside is reported when read).
      const parent = path.dirname(rel);
      return parent === rel || parent === '.' || rel === '' ? undefined : this.escapes(parent);
    }
    if (isInside(await this.allowedRoot(rel), real)) return undefined;
    const last = await fs.lstat(absolute).catch(() => undefined);
    return last?.isSymbolicLink()
      ? 'symbolic link pointing outside the workspace (not followed)'
      : 'a folder on its path is a symbolic link pointing outside the workspace (not followed)';
  }

  private async walk(dir: string, add: (rel: string) => unknown, excluded: (p: string) => boolean): Promise<void> {
    const stack = [dir];
    while (stack.length) {
      if (this.deadline !== undefined && Date.now() > this.deadline) {
        this.stoppedAtDeadline = true;
        return;
      }
      const current = stack.pop()!;
      // Every folder is checked as a whole path before it is listed: a folder on the way may be a link.
      const escape = current ? await this.escapes(current) : undefined;
      if (escape) {
        if (current === dir) this.refusedWhileListing.set(current, escape);
        continue;
      }
      let entries;
      try {
        entries = await fs.readdir(path.join(this.root, current), { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        const rel = current ? `${current}/${entry.name}` : entry.name;
        if (excluded(rel)) continue;
        if (entry.isDirectory()) {
          if (!ALWAYS_SKIPPED_DIRS.has(entry.name)) stack.push(rel);
        } else if (entry.isSymbolicLink()) {
          const leaves = await this.linkLeavesWorkspace(rel);
          if (leaves) this.refusedWhileListing.set(rel, leaves);
          else add(rel);
        } else {
          // Special files are listed too; read() refuses them with a reason.
          add(rel);
        }
      }
    }
  }

  /** The reason a symbolic link must not be followed, or undefined when it stays inside. */
  private async linkLeavesWorkspace(rel: string): Promise<string | undefined> {
    try {
      await fs.realpath(path.join(this.root, rel));
    } catch {
      return 'symbolic link whose target does not exist or loops';
    }
    return this.escapes(rel);
  }

  async read(file: string, maxBytes: number): Promise<{ data: Buffer } | { refused: string }> {
    const absolute = path.resolve(this.root, file);
    if (!isInside(this.root, absolute)) return { refused: 'path is outside the workspace' };
    const rel = toPosix(path.relative(this.root, absolute));
    let stat;
    try {
      stat = await fs.lstat(absolute);
    } catch (error) {
      // A folder on the way may be a link out of the tree: say so rather than what is (not) there.
      const escape = await this.escapes(rel);
      return escape ? { refused: escape } : cannotRead(error);
    }
    // The whole path, resolved: a link as the last name or as any folder on the way.
    let target: string;
    try {
      target = await fs.realpath(absolute);
    } catch {
      return { refused: 'symbolic link whose target does not exist or loops' };
    }
    const escape = await this.escapes(rel);
    if (escape) return { refused: escape };
    if (stat.isSymbolicLink()) {
      try {
        stat = await fs.stat(target);
      } catch (error) {
        return cannotRead(error);
      }
    }
    if (!stat.isFile()) return { refused: 'not a regular file (device, FIFO, socket or folder)' };
    if (stat.size > maxBytes) {
      return { refused: `file is ${stat.size} bytes, over the limit of ${maxBytes} bytes` };
    }
    // O_NONBLOCK guards against a file swapped for a FIFO between stat and open.
    let handle;
    try {
      // The resolved path holds no link; O_NOFOLLOW refuses one swapped in since.
      handle = await fs.open(target, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    } catch (error) {
      return cannotRead(error);
    }
    try {
      const reopened = await handle.stat();
      if (!reopened.isFile()) return { refused: 'not a regular file' };
      const size = Math.min(reopened.size, maxBytes + 1);
      const data = Buffer.allocUnsafe(size);
      let offset = 0;
      while (offset < size) {
        const { bytesRead } = await handle.read(data, offset, size - offset, offset);
        if (bytesRead === 0) break;
        offset += bytesRead;
      }
      if (offset > maxBytes) return { refused: `file is over the limit of ${maxBytes} bytes` };
      return { data: data.subarray(0, offset) };
    } catch (error) {
      return cannotRead(error);
    } finally {
      await handle.close();
    }
  }
}

/** A file that exists but cannot be opened or read (permissions, removed meanwhile). */
function cannotRead(error: unknown): { refused: string } {
  return { refused: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
}

export function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
