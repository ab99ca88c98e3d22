// Keeps cfn-lint from loading Python code from the scanned repository.
// A project .cfnlintrc may list `append_rules` folders, which cfn-lint imports as Python modules:
// on a pull request that would run the pull request's code. The action strips that key.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';

/** Names cfn-lint 1.x looks for in its working directory, in its order (cfnlint/config.py `_find_config`). */
export const PROJECT_CONFIG_NAMES = ['.cfnlintrc', '.cfnlintrc.yaml', '.cfnlintrc.yml'];
/** Config keys that make cfn-lint import Python modules. */
const CODE_LOADING_KEYS = ['append_rules'];

export interface GuardedArgs {
  /** Arguments to pass instead of the user's. */
  args: string[];
  notices: string[];
  /** Removes the sanitised copy, if one was written. */
  cleanup: () => Promise<void>;
}

export class CfnLintConfigError extends Error {}

const readIfPresent = async (file: string): Promise<string | undefined> => {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CfnLintConfigError(`${file} cannot be read: ${(error as Error).message}`);
  }
};

/** Index of a `--config-file` option in args and its value, if any (last one wins, as in argparse). */
function findConfigFileArg(args: readonly string[]): { index: number; width: number; value: string } | undefined {
  let found: { index: number; width: number; value: string } | undefined;
  args.forEach((arg, index) => {
    if (arg === '--config-file' && index + 1 < args.length) found = { index, width: 2, value: args[index + 1]! };
    else if (arg.startsWith('--config-file=')) found = { index, width: 1, value: arg.slice('--config-file='.length) };
  });
  return found;
}

/**
 * Finds the cfn-lint config the run would use (`--config-file` in args, else a project .cfnlintrc in cwd).
 * When it lists code-loading keys, writes a copy without them and points cfn-lint at the copy.
 */
export async function guardCfnLintConfig(cwd: string, args: readonly string[]): Promise<GuardedArgs> {
  const unchanged: GuardedArgs = { args: [...args], notices: [], cleanup: async () => {} };
  const explicit = findConfigFileArg(args);
  let configPath: string | undefined;
  let text: string | undefined;
  if (explicit) {
    configPath = path.resolve(cwd, explicit.value);
    text = await readIfPresent(configPath);
    if (text === undefined) return unchanged; // cfn-lint reports a missing file itself.
  } else {
    for (const name of PROJECT_CONFIG_NAMES) {
      text = await readIfPresent(path.join(cwd, name));
      if (text !== undefined) {
        configPath = path.join(cwd, name);
        break;
      }
    }
    if (text === undefined || configPath === undefined) return unchanged;
  }

  let config: unknown;
  try {
    config = parse(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new CfnLintConfigError(
      `${path.relative(cwd, configPath) || configPath} is not valid YAML: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return unchanged;
  const record = config as Record<string, unknown>;
  const dropped = CODE_LOADING_KEYS.filter((key) => key in record);
  if (dropped.length === 0) return unchanged;

  for (const key of dropped) delete record[key];
  const dir = await mkdtemp(path.join(tmpdir(), 'hyperpod-prereq-cfnlint-'));
  const copy = path.join(dir, 'cfnlintrc.yaml');
  await writeFile(copy, stringify(record), 'utf8');
  const rest = explicit ? [...args.slice(0, explicit.index), ...args.slice(explicit.index + explicit.width)] : [...args];
  const shown = path.relative(cwd, configPath).split(path.sep).join('/') || configPath;
  return {
    args: [...rest, '--config-file', copy],
    notices: [
      `cfn-lint: ${dropped.join(', ')} in ${shown} was ignored, because the action never loads code from the scanned repository; ` +
        'pass trusted rule folders with cfn-lint-args "--append-rules DIR" instead.',
    ],
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
