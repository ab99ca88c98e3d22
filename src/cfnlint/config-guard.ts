// cfn-lint never reads a configuration the pull request wrote. The action reads the project's
// .cfnlintrc (or the --config-file named in cfn-lint-args) as data, keeps only an allow-list of keys
// that select and tune checks, and hands cfn-lint its own copy with --config-file. With
// --config-file, cfn-lint 1.x reads neither ~/.cfnlintrc nor the project file (cfnlint/config.py,
// ConfigFileArgs.load), so keys that import Python (append_rules), read or write other files
// (templates, custom_rules, override_spec, registry_schemas, output_file...) or change the output
// contract can never reach it, whatever YAML trick (merge keys `<<`, anchors) spells them.
import { promises as fs } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { FsFileSource } from '../engine/fs-source.js';

/** Names cfn-lint 1.x looks for in its working directory, in its order (cfnlint/config.py `_find_config`). */
export const PROJECT_CONFIG_NAMES = ['.cfnlintrc', '.cfnlintrc.yaml', '.cfnlintrc.yml'];

/** A config file this large is not a cfn-lint config. */
const MAX_CONFIG_BYTES = 1024 * 1024;

type Check = (value: unknown) => boolean;
const isString = (v: unknown): v is string => typeof v === 'string';
const isScalar = (v: unknown): boolean => isString(v) || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
const stringList: Check = (v) => Array.isArray(v) && v.every(isString);
const boolean: Check = (v) => typeof v === 'boolean';
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** configure_rules: { RuleId: { option: scalar or list of scalars } } (cfn-lint's config schema). */
const ruleOptions: Check = (v) =>
  isRecord(v) &&
  Object.values(v).every(
    (options) => isRecord(options) && Object.values(options).every((o) => isScalar(o) || (Array.isArray(o) && o.every(isScalar))),
  );

/**
 * The cfn-lint config keys the action passes on, with the shape each must have. They only choose and
 * tune cfn-lint's built-in checks; none names a file, a module or an output.
 */
export const HONOURED_KEYS: Readonly<Record<string, Check>> = {
  ignore_checks: stringList,
  include_checks: stringList,
  mandatory_checks: stringList,
  include_experimental: boolean,
  configure_rules: ruleOptions,
  regions: stringList,
  ignore_bad_template: boolean,
};

export interface GuardedArgs {
  /** Arguments to pass instead of the user's: theirs without --config-file, plus the action's own. */
  args: string[];
  notices: string[];
  /** Removes the action's config file. */
  cleanup: () => Promise<void>;
}

export class CfnLintConfigError extends Error {}

/** Index of a `--config-file` option in args and its value, if any (last one wins, as in argparse). */
function findConfigFileArgs(args: readonly string[]): { spans: [number, number][]; value?: string } {
  const spans: [number, number][] = [];
  let value: string | undefined;
  args.forEach((arg, index) => {
    if (arg === '--config-file' && index + 1 < args.length) {
      spans.push([index, 2]);
      value = args[index + 1]!;
    } else if (arg.startsWith('--config-file=')) {
      spans.push([index, 1]);
      value = arg.slice('--config-file='.length);
    }
  });
  return { spans, value };
}

const withoutSpans = (args: readonly string[], spans: [number, number][]): string[] =>
  args.filter((_, index) => !spans.some(([start, width]) => index >= start && index < start + width));

/** The text of the config cfn-lint would have used, and how to name it in messages. */
async function findConfig(cwd: string, explicit: string | undefined): Promise<{ text: string; shown: string } | undefined> {
  if (explicit !== undefined) {
    // Named by the workflow, so it may live anywhere; its content is still read only as data.
    const file = path.resolve(cwd, explicit);
    let text: string;
    try {
      const stat = await fs.stat(file);
      if (!stat.isFile()) throw new CfnLintConfigError(`${explicit} is not a regular file`);
      if (stat.size > MAX_CONFIG_BYTES) throw new CfnLintConfigError(`${explicit} is over ${MAX_CONFIG_BYTES} bytes`);
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      if (error instanceof CfnLintConfigError) throw error;
      throw new CfnLintConfigError(`${explicit} cannot be read: ${(error as Error).message}`);
    }
    return { text, shown: explicit };
  }
  // Found in the tree, so the pull request may have planted it: read inside the workspace only.
  const source = new FsFileSource(cwd);
  for (const name of PROJECT_CONFIG_NAMES) {
    try {
      await fs.lstat(path.join(cwd, name));
    } catch {
      continue;
    }
    const read = await source.read(name, MAX_CONFIG_BYTES);
    if ('refused' in read) throw new CfnLintConfigError(`${name} was not read: ${read.refused}`);
    return { text: read.data.toString('utf8'), shown: name };
  }
  return undefined;
}

/** The honoured part of a parsed config, and the keys left out. */
export function allowedConfig(config: unknown): { kept: Record<string, unknown>; dropped: string[]; malformed: string[] } {
  const kept: Record<string, unknown> = {};
  const dropped: string[] = [];
  const malformed: string[] = [];
  if (!isRecord(config)) return { kept, dropped, malformed };
  for (const [key, value] of Object.entries(config)) {
    const check = Object.hasOwn(HONOURED_KEYS, key) ? HONOURED_KEYS[key] : undefined;
    if (!check) dropped.push(key);
    else if (!check(value)) malformed.push(key);
    else kept[key] = value;
  }
  return { kept, dropped, malformed };
}

/**
 * Writes the action's cfn-lint config: the honoured keys of the config cfn-lint would have used
 * (`--config-file` in args, else a project .cfnlintrc in cwd), or an empty one. The returned
 * arguments always carry `--config-file` pointing at it.
 */
export async function guardCfnLintConfig(cwd: string, args: readonly string[]): Promise<GuardedArgs> {
  const explicit = findConfigFileArgs(args);
  const found = await findConfig(cwd, explicit.value);
  let kept: Record<string, unknown> = {};
  const notices: string[] = [];
  if (found) {
    let config: unknown;
    try {
      // cfn-lint's loader applies YAML merge keys; read the file the same way so `<<` keeps working.
      config = parse(found.text, { merge: true, maxAliasCount: 100 });
    } catch (error) {
      throw new CfnLintConfigError(`${found.shown} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
    }
    const allowed = allowedConfig(config);
    kept = allowed.kept;
    if (allowed.dropped.length) {
      notices.push(
        `cfn-lint: ${allowed.dropped.join(', ')} in ${found.shown} ${allowed.dropped.length === 1 ? 'was' : 'were'} ignored; ` +
          `the action passes on only ${Object.keys(HONOURED_KEYS).join(', ')} and never loads code or files that a config names. ` +
          'Pass trusted rule folders with cfn-lint-args "--append-rules DIR" instead.',
      );
    }
    if (allowed.malformed.length) {
      notices.push(`cfn-lint: ${allowed.malformed.join(', ')} in ${found.shown} ignored: not the shape cfn-lint's config schema requires.`);
    }
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'hyperpod-prereq-cfnlint-'));
  const file = path.join(dir, 'cfnlintrc.yaml');
  try {
    await writeFile(file, stringify(kept), { encoding: 'utf8', mode: 0o600, flag: 'wx' });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    args: [...withoutSpans(args, explicit.spans), '--config-file', file],
    notices,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
