// Ordering of names (files, rule IDs, instance types) as String.prototype.localeCompare gives it, without
// the ICU collator where the plain order is the same: its first use costs about 8 ms of start-up.

/** Lower-case letters, digits, `.`, `/` and `-`: ICU's root order of these is their code-unit order. */
const LOWER = /^[a-z0-9./-]*$/;
/** Upper-case letters and digits (rule IDs): likewise. */
const UPPER = /^[A-Z0-9]*$/;

/** The sign of `a.localeCompare(b)` (test/util/compare.test.ts checks it against localeCompare). */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  if ((LOWER.test(a) && LOWER.test(b)) || (UPPER.test(a) && UPPER.test(b))) return a < b ? -1 : 1;
  return a.localeCompare(b);
}
