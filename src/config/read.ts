// Reads the config file: a scan without one never loads the YAML/JSON-schema validation (load.ts), which is
// loaded here only when there is a file to parse (start-up).
import { fsCalls } from '../util/fs-calls.js';

const { readFile, realpath, stat } = fsCalls;
import path from 'node:path';
import { DEFAULT_LIMITS } from '../engine/types.js';
import { ENGINE_RULE_IDS } from '../rules/meta.js';
import { DEFAULT_CONFIG_FILE, DEFAULT_HEADROOM } from './types.js';
import type { ConfigError, ResolvedConfig } from './types.js';

/** A config file is a few kilobytes; anything above this is refused unread (ours, not an AWS limit). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** The configuration used when there is no config file. */
export function defaultConfig(knownRuleIds: readonly string[]): ResolvedConfig {
  return {
    rules: {},
    include: [],
    exclude: [],
    headroom: DEFAULT_HEADROOM,
    requireSuppressionReason: false,
    ignore: [],
    overrides: [],
    efaSecurityGroups: [],
    limits: { ...DEFAULT_LIMITS },
    knownRuleIds: withEngineIds(knownRuleIds),
  };
}

/**
 * Reads `.hyperpod-prereq.yml` (or `configPath`, relative to `cwd`).
 * A missing default file gives the defaults; a missing explicit file is an error.
 * `knownRuleIds` are the registry's IDs; the engine's own (HP000, HP091) are added.
 * Never throws: every problem becomes a ConfigError at the line and column of the offending key or value.
 */
export async function loadConfig(
  configPath: string | undefined,
  cwd: string,
  knownRuleIds: readonly string[],
): Promise<{ config: ResolvedConfig; errors: ConfigError[] }> {
  const absolute = path.resolve(cwd, configPath ?? DEFAULT_CONFIG_FILE);
  const file = displayPath(cwd, absolute);
  const fail = (message: string) => ({ config: defaultConfig(knownRuleIds), errors: [fileError(file, message)] });
  const escape = await symlinkEscape(cwd, absolute);
  if (escape) return fail(`config file ${file} is a symbolic link to outside the working directory; not read`);
  let size: number;
  try {
    const info = await stat(absolute);
    if (!info.isFile()) return fail(`config file ${file} is not a regular file`);
    size = info.size;
  } catch (error) {
    if (isErrnoCode(error, 'ENOENT')) {
      return configPath === undefined ? { config: defaultConfig(knownRuleIds), errors: [] } : fail(`config file ${file} not found`);
    }
    return fail(`cannot read config file ${file}: ${errorText(error)}`);
  }
  if (size > MAX_CONFIG_BYTES) return fail(`config file ${file} is ${size} bytes, over the ${MAX_CONFIG_BYTES}-byte limit`);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    return fail(`cannot read config file ${file}: ${errorText(error)}`);
  }
  const { parseConfig } = await import('./load.js');
  return parseConfig(text, file, knownRuleIds);
}

/** The registry's rule IDs with the engine's own, sorted. */
export function withEngineIds(ids: readonly string[]): string[] {
  return [...new Set([...ids, ...ENGINE_RULE_IDS])].sort();
}

export function fileError(file: string, message: string): ConfigError {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1, path: '', message };
}

function displayPath(cwd: string, absolute: string): string {
  const relative = path.relative(cwd, absolute);
  return (relative === '' ? path.basename(absolute) : relative).split(path.sep).join('/');
}

/**
 * True when a path inside the working directory resolves, through symbolic links, to outside it.
 * A pull request controls the tree, so its config must not pull in other files (their text would
 * show up in error messages). A path the user gave outside the tree is their choice and is read.
 */
async function symlinkEscape(cwd: string, absolute: string): Promise<boolean> {
  if (!isInside(path.resolve(cwd), absolute)) return false;
  try {
    const [realRoot, realFile] = await Promise.all([realpath(cwd), realpath(absolute)]);
    return !isInside(realRoot, realFile);
  } catch {
    return false; // missing file or dangling link: the stat below reports it
  }
}

function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function isErrnoCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
