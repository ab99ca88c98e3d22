import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import type { FileSource } from './types.js';

/** Folders never worth walking. */
const ALWAYS_SKIPPED_DIRS = new Set(['.git', 'node_modules', '.terraform', '.hg', '.svn']);

/** Extensions read as possible inputs (kind is then detected from content) or as Terraform sources. */
export const CANDIDATE_EXTENSIONS = ['.yaml', '.yml', '.json', '.template', '.tf', '.params', '.properties'];

export const isCandidate = (file: string): boolean => CANDIDATE_EXTENSIONS.some((ext) => file.toLowerCase().endsWith(ext));

const toPosix = (p: string): string => p.split(path.sep).join('/');

const hasGlob = (p: string): boolean => /[*?[\]{}!]/.test(p);

/**
 * Files under `root`, read without ever leaving it: symbolic links are not followed out of the
 * workspace, folders reached through links are not walked, special files are refused.
 */
export class FsFileSource implements FileSource {
  private readonly root: string;
  /** Paths refused while listing (links leaving the tree), reported as HP000 by the engine. */
  readonly refusedWhileListing = new Map<string, string>();
  /** Links the user named themselves (CLI): followed wherever they point. */
  private readonly namedLinks = new Set<string>();

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

  async list(paths: string[], exclude: string[]): Promise<string[]> {
    const excluded = exclude.length ? picomatch(exclude, { dot: true }) : () => false;
    const found = new Set<string>();
    for (const spec of paths.length ? paths : ['.']) {
      if (hasGlob(spec)) {
        const pattern = toPosix(spec).replace(/^\.\//, '');
        const match = picomatch(pattern, { dot: true });
        // Only the glob's static base is walked (`infra/**/*.yaml` walks infra/).
        const base = picomatch.scan(pattern).base;
        const start = base && !base.startsWith('..') && !path.isAbsolute(base) ? base : '';
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
      if (stat.isSymbolicLink() && this.options.trustNamedPaths) {
        const target = await fs.stat(path.join(this.root, rel)).catch(() => undefined);
        if (target?.isDirectory()) {
          this.namedLinks.add(rel);
          await this.walk(rel, (f) => found.add(f), excluded);
        } else if (target && !excluded(rel)) {
          this.namedLinks.add(rel);
          found.add(rel);
        } else if (!target) this.refusedWhileListing.set(rel, 'symbolic link whose target does not exist or loops');
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

  private async walk(dir: string, add: (rel: string) => unknown, excluded: (p: string) => boolean): Promise<void> {
    const stack = [dir];
    while (stack.length) {
      const current = stack.pop()!;
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
      const real = await fs.realpath(path.join(this.root, rel));
      const realRoot = await fs.realpath(this.root).catch(() => this.root);
      return isInside(realRoot, real) ? undefined : 'symbolic link pointing outside the workspace (not followed)';
    } catch {
      return 'symbolic link whose target does not exist or loops';
    }
  }

  async read(file: string, maxBytes: number): Promise<{ data: Buffer } | { refused: string }> {
    const absolute = path.resolve(this.root, file);
    if (!isInside(this.root, absolute)) return { refused: 'path is outside the workspace' };
    let stat;
    try {
      stat = await fs.lstat(absolute);
    } catch (error) {
      return cannotRead(error);
    }
    let target = absolute;
    if (stat.isSymbolicLink()) {
      let real: string;
      try {
        real = await fs.realpath(absolute);
      } catch {
        return { refused: 'symbolic link whose target does not exist or loops' };
      }
      const realRoot = await fs.realpath(this.root).catch(() => this.root);
      if (!isInside(realRoot, real) && !this.namedLinks.has(file))
        return { refused: 'symbolic link pointing outside the workspace (not followed)' };
      target = real;
      try {
        stat = await fs.stat(real);
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
      handle = await fs.open(target, constants.O_RDONLY | constants.O_NONBLOCK);
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
