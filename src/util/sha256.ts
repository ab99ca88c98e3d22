// SHA-256 of a UTF-8 string via @noble/hashes (audited, pure JavaScript): fingerprints are a few short
// texts per scan, and loading node:crypto costs more start-up time (5-12 ms) than hashing them all.
// Checked against node:crypto in test/util/sha256.test.ts.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** Lower-case hex SHA-256 digest of `text` encoded as UTF-8. */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
