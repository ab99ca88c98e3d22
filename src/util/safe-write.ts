/**
 * Writing a report file (SARIF, JSON, Markdown) at a path that may lie in a checkout of a pull
 * request, which can commit the file or a folder on its way as a symbolic link to anywhere the
 * runner user can write. Nothing is ever written through a link:
 * - each folder from `trustedBase` down to the file must be a real folder (lstat, never a link);
 *   missing ones are created one at a time;
 * - a link at the file's own path is refused, never replaced or followed;
 * - the text goes to a new temporary file beside it (O_CREAT | O_EXCL | O_NOFOLLOW), then is renamed
 *   over the target inside the checked folder, so a reader never sees half a report.
 */
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';

export class UnsafeOutputPath extends Error {}

const isInside = (root: string, candidate: string): boolean => {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/**
 * Writes `text` to `file`. `trustedBase`: the folder whose contents may be hostile (the workspace);
 * the folders above it, and paths outside it, are the runner's own and only the last name is checked.
 */
export async function writeOutputFile(file: string, text: string, trustedBase: string): Promise<void> {
  const target = path.resolve(file);
  const base = path.resolve(trustedBase);
  const dir = path.dirname(target);
  // The folders to check: from below the base down to the file's folder (none when outside the base).
  const folders: string[] = [];
  if (isInside(base, dir)) {
    for (let current = dir; current !== base && isInside(base, current); current = path.dirname(current)) folders.unshift(current);
  } else {
    await fs.mkdir(dir, { recursive: true });
  }
  for (const folder of folders) {
    const stat = await fs.lstat(folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (!stat) {
      await fs.mkdir(folder).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
      const made = await fs.lstat(folder);
      if (made.isSymbolicLink() || !made.isDirectory()) throw new UnsafeOutputPath(`${folder} is not a folder`);
      continue;
    }
    if (stat.isSymbolicLink()) throw new UnsafeOutputPath(`the folder ${folder} is a symbolic link (not followed)`);
    if (!stat.isDirectory()) throw new UnsafeOutputPath(`${folder} is not a folder`);
  }
  const existing = await fs.lstat(target).catch(() => undefined);
  if (existing?.isSymbolicLink()) throw new UnsafeOutputPath(`${target} is a symbolic link (not followed)`);
  if (existing && !existing.isFile()) throw new UnsafeOutputPath(`${target} is not a regular file`);

  const temp = path.join(dir, `.${path.basename(target)}.${(await import('node:crypto')).randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
  try {
    await handle.writeFile(text, 'utf8');
  } catch (error) {
    await handle.close();
    await fs.rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await fs.rename(temp, target);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}
