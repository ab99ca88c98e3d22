// Every action input is read here, once, into a typed config; errors name the input.
import * as core from '@actions/core';
import type { Severity } from '../model/types.js';

export type FailOn = Severity | 'never';
export type Mode3 = 'off' | 'auto' | 'required';

export interface ActionConfig {
  paths: string[];
  exclude: string[];
  workingDirectory: string;
  configPath?: string;
  region?: string;
  scanScope: 'auto' | 'changed' | 'all';
  failOn: FailOn;
  failOnScope: 'new' | 'all';
  commentMode: 'update' | 'new' | 'off';
  reviewComments: boolean;
  maxReviewComments: number;
  maxAnnotations: number;
  sarifFile?: string;
  /** Empty: the default path is chosen by the caller (RUNNER_TEMP or cwd). */
  jsonReport?: string;
  githubToken: string;
  /** Time for all GitHub API calls together. */
  githubTimeoutMs: number;
  account: {
    mode: Mode3;
    roleToAssume?: string;
    region?: string;
    roleSessionName: string;
    audience: string;
    timeoutMs: number;
  };
  cfnLint: { mode: Mode3; args: string[]; timeoutMs: number };
  /** Quota snapshot file, relative to the working directory. */
  quotasFile?: string;
  /** Terraform variable files for .tf sources, relative to the working directory, in order. */
  varFiles: string[];
}

export class InputError extends Error {}

/**
 * AWS region names: a two-letter area, one or more words, a number (us-east-1, us-gov-west-1,
 * ap-southeast-5, us-isob-east-1), per the AWS General Reference "Regional endpoints".
 */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
/**
 * An IAM role ARN (IAM User Guide "IAM identifiers": partition, 12-digit account, role/ path and
 * name of at most 64 characters from [\w+=,.@-]).
 */
const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

type Reader = (name: string) => string;

/** Reads the inputs through @actions/core (INPUT_<NAME> variables). */
export function readInputs(read: Reader = (name) => core.getInput(name)): ActionConfig {
  const text = (name: string): string | undefined => {
    const value = read(name).trim();
    return value === '' ? undefined : value;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const value = text(name)?.toLowerCase() ?? fallback;
    if (!(allowed as readonly string[]).includes(value)) {
      throw new InputError(`Input ${name} must be one of ${allowed.join(', ')} (got "${read(name).trim()}").`);
    }
    return value as T;
  };
  const count = (name: string, fallback: number, min: number, max: number): number => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      throw new InputError(`Input ${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
    }
    return Number(raw);
  };
  const onOff = (name: string, fallback: boolean): boolean => {
    const raw = text(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['on', 'true', 'yes'].includes(raw)) return true;
    if (['off', 'false', 'no'].includes(raw)) return false;
    throw new InputError(`Input ${name} must be on or off (got "${raw}").`);
  };

  const matching = (name: string, pattern: RegExp, what: string): string | undefined => {
    const raw = text(name);
    if (raw !== undefined && !pattern.test(raw)) throw new InputError(`Input ${name} must be ${what} (got "${raw.slice(0, 200)}").`);
    return raw;
  };

  const githubToken = read('github-token').trim();
  if (githubToken) core.setSecret(githubToken);
  const paths = list(read('paths'));
  return {
    paths: paths.length ? paths : ['.'],
    exclude: list(read('exclude')),
    workingDirectory: text('working-directory') ?? '.',
    configPath: text('config'),
    region: matching('region', REGION, 'an AWS region name such as us-east-1'),
    scanScope: oneOf('scan-scope', ['auto', 'changed', 'all'] as const, 'auto'),
    failOn: oneOf('fail-on', ['error', 'warning', 'notice', 'never'] as const, 'error'),
    failOnScope: oneOf('fail-on-scope', ['new', 'all'] as const, 'new'),
    commentMode: oneOf('comment-mode', ['update', 'new', 'off'] as const, 'update'),
    reviewComments: onOff('review-comments', true),
    maxReviewComments: count('max-review-comments', 25, 0, 1000),
    // The Checks API takes 50 annotations per request; the input caps the total sent.
    maxAnnotations: count('max-annotations', 500, 0, 50_000),
    sarifFile: text('sarif-file'),
    jsonReport: text('json-report'),
    githubToken,
    githubTimeoutMs: count('github-timeout-seconds', 120, 1, 3600) * 1000,
    account: {
      mode: oneOf('aws-checks', ['off', 'auto', 'required'] as const, 'auto'),
      roleToAssume: matching('role-to-assume', ROLE_ARN, 'an IAM role ARN such as arn:aws:iam::123456789012:role/hyperpod-prereq'),
      region: matching('aws-region', REGION, 'an AWS region name such as us-east-1'),
      roleSessionName: text('role-session-name') ?? 'hyperpod-prereq',
      audience: text('audience') ?? 'sts.amazonaws.com',
      timeoutMs: count('aws-timeout-seconds', 60, 1, 3600) * 1000,
    },
    cfnLint: {
      mode: oneOf('cfn-lint', ['off', 'auto', 'required'] as const, 'auto'),
      args: (text('cfn-lint-args') ?? '').split(/\s+/).filter(Boolean),
      timeoutMs: count('cfn-lint-timeout-seconds', 300, 1, 6 * 3600) * 1000,
    },
    quotasFile: text('quotas-file'),
    varFiles: list(read('var-files')),
  };
}

/** A newline- or comma-separated list, trimmed, without empty items. */
export function list(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter(Boolean);
}
