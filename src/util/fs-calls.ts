// The file system calls of a scan (listing, reading, the config file), made synchronously behind the same
// promise API as node:fs/promises. A scan makes a few small calls one after the other; a round trip through
// the thread pool costs more than each call (most of a small scan's wall time went to waiting for them), and
// node:fs/promises itself loads the stream and readline modules at start-up. Same calls, same errors.
import {
  closeSync,
  fstatSync,
  lstatSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  realpathSync,
  statSync,
  type Stats,
} from 'node:fs';

/** An open file, as much of a FileHandle as the scan uses. */
export interface SyncFileHandle {
  stat(): Promise<Stats>;
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  close(): Promise<void>;
}

export const fsCalls = {
  lstat: async (file: string) => lstatSync(file),
  stat: async (file: string) => statSync(file),
  /** The operating system's realpath(3), as fs.promises.realpath. */
  realpath: async (file: string) => realpathSync.native(file),
  readdir: async (dir: string, options: { withFileTypes: true }) => readdirSync(dir, options),
  readFile: async (file: string, encoding: 'utf8') => readFileSync(file, encoding),
  open: async (file: string, flags: number): Promise<SyncFileHandle> => {
    const fd = openSync(file, flags);
    return {
      stat: async () => fstatSync(fd),
      read: async (buffer, offset, length, position) => ({ bytesRead: readSync(fd, buffer, offset, length, position) }),
      close: async () => closeSync(fd),
    };
  },
};
