// On pull requests the settings that decide the verdict come from the base commit (#15 item 6):
// a pull request must not be able to relax its own required check by editing the config.
import type { Loc } from '../model/types.js';
import type { ResolvedConfig } from './types.js';

/** Every config key that changes which findings exist, their severity or which files are read. */
export const GATE_KEYS = [
  'rules',
  'include',
  'exclude',
  'ignore',
  'overrides',
  'limits',
  'headroom',
  'region',
  'requireSuppressionReason',
  'efaSecurityGroups',
] as const;

export type GateKey = (typeof GATE_KEYS)[number];

/** One gate setting that the head's config sets differently from the base's. */
export interface GateChange {
  key: GateKey;
  /** Where the head's config writes the key; the file's first line when the head removed it. */
  loc: Loc;
  removed: boolean;
}

/** The settings to run with: the base's gate settings, everything else (only the file name) from the head. */
export function gateConfig(head: ResolvedConfig, base: ResolvedConfig): ResolvedConfig {
  const merged: ResolvedConfig = { ...head };
  for (const key of GATE_KEYS) (merged as unknown as Record<string, unknown>)[key] = base[key];
  return merged;
}

/** The gate settings that differ between the two configs, in file order. */
export function gateChanges(head: ResolvedConfig, base: ResolvedConfig, headFile: string): GateChange[] {
  const changes: GateChange[] = [];
  const fileStart: Loc = { file: head.file ?? headFile, line: 1, column: 1, endLine: 1, endColumn: 1 };
  for (const key of GATE_KEYS) {
    if (comparable(head[key]) === comparable(base[key])) continue;
    const loc = head.keyLocs?.[key];
    changes.push({ key, loc: loc ?? fileStart, removed: loc === undefined });
  }
  return changes.sort((a, b) => a.loc.line - b.loc.line || a.loc.column - b.loc.column);
}

/** A stable text of a setting's value: mapping keys sorted, source positions left out. */
function comparable(value: unknown): string {
  return JSON.stringify(value ?? null, (key, field: unknown) => {
    if (key === 'loc') return undefined;
    if (field === null || typeof field !== 'object' || Array.isArray(field)) return field;
    return Object.fromEntries(Object.entries(field).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}
