// Checks of inputs that need the file system or PATH: each mistake is an InputError naming the
// input, never a silent pass and never a finding.
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { FsFileSource, isCandidate, isInside } from '../engine/fs-source.js';
import { InputError, type ActionConfig } from './inputs.js';

const realpath = (p: string): string => {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
};

const hasGlob = (p: string): boolean => /[*?[\]{}!]/.test(p);

/** The working directory: an existing folder inside the workspace (links resolved). */
export function checkWorkingDirectory(workspace: string, workingDirectory: string): string {
  const cwd = path.resolve(workspace, workingDirectory);
  if (!isInside(realpath(workspace), realpath(cwd))) {
    throw new InputError(`Input working-directory: ${workingDirectory} is outside the workspace ${workspace}.`);
  }
  if (!statSync(cwd, { throwIfNoEntry: false })?.isDirectory()) {
    throw new InputError(`Input working-directory: ${workingDirectory} is not a folder of the workspace.`);
  }
  return cwd;
}

/**
 * Every entry of an explicitly given `paths` input must stay inside the workspace and match at
 * least one file the scan can read (after `exclude`); the default "." is not checked.
 */
export async function checkPaths(
  workspace: string,
  cwd: string,
  config: Pick<ActionConfig, 'paths' | 'exclude'>,
  given: boolean,
): Promise<void> {
  const realWorkspace = realpath(workspace);
  for (const spec of config.paths) {
    if (!hasGlob(spec)) {
      const absolute = path.resolve(cwd, spec);
      if (!isInside(realWorkspace, realpath(absolute))) {
        throw new InputError(`Input paths: ${spec} is outside the workspace ${workspace}; only files of the workspace are scanned.`);
      }
    }
    if (!given) continue;
    const source = new FsFileSource(cwd);
    const listed = await source.list([spec], config.exclude);
    const refused = [...source.refusedWhileListing];
    if (!listed.some(isCandidate)) {
      const why = refused.length
        ? `${refused[0][0]}: ${refused[0][1]}`
        : hasGlob(spec)
          ? 'no file of a scanned type (.json, .yaml, .yml, .template, .tf) matches it'
          : statSync(path.resolve(cwd, spec), { throwIfNoEntry: false })?.isDirectory()
            ? 'the folder holds no file of a scanned type (.json, .yaml, .yml, .template, .tf)'
            : 'it is not a file of a scanned type (.json, .yaml, .yml, .template, .tf)';
      const excluded = config.exclude.length ? ` after exclude` : '';
      throw new InputError(
        `Input paths: ${spec} matches nothing to scan${excluded} (${why}), relative to ${path.relative(workspace, cwd) || '.'}.`,
      );
    }
  }
}

/** The cfn-lint inputs: reserved arguments, and `required` without the executable on PATH. */
export async function checkCfnLint(config: Pick<ActionConfig, 'cfnLint'>, env: NodeJS.ProcessEnv): Promise<void> {
  if (config.cfnLint.mode !== 'off' && config.cfnLint.args.length) {
    const { findReservedArg } = await import('../cfnlint/run.js');
    const reserved = findReservedArg(config.cfnLint.args);
    if (reserved) throw new InputError(`Input cfn-lint-args must not contain ${reserved}: the action sets it itself.`);
  }
  if (config.cfnLint.mode === 'required' && !onPath('cfn-lint', env)) {
    throw new InputError(
      'Input cfn-lint is required, but the cfn-lint executable is not on PATH (install it with "pip install cfn-lint" in an earlier step, or set cfn-lint to auto or off).',
    );
  }
}

function onPath(executable: string, env: NodeJS.ProcessEnv): boolean {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    try {
      const file = path.join(dir, executable);
      if (statSync(file).isFile()) {
        accessSync(file, constants.X_OK);
        return true;
      }
    } catch {
      // not here
    }
  }
  return false;
}
