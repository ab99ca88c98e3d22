import { afterEach, describe, expect, it } from 'vitest';
import { readInputs, list } from '../../src/action/inputs.js';

const set: string[] = [];
function input(name: string, value: string): void {
  // The runner's naming: upper case, spaces to underscores, hyphens kept.
  const key = `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
  process.env[key] = value;
  set.push(key);
}
afterEach(() => {
  for (const key of set.splice(0)) delete process.env[key];
});

describe('readInputs', () => {
  it('applies the documented defaults when inputs are empty', () => {
    const config = readInputs(() => '');
    expect(config).toMatchObject({
      paths: ['.'],
      exclude: [],
      workingDirectory: '.',
      scanScope: 'auto',
      failOn: 'error',
      failOnScope: 'new',
      commentMode: 'update',
      reviewComments: true,
      maxReviewComments: 25,
      maxAnnotations: 500,
      account: { mode: 'auto', roleSessionName: 'hyperpod-prereq', audience: 'sts.amazonaws.com', timeoutMs: 60_000 },
      cfnLint: { mode: 'auto', args: [], timeoutMs: 300_000 },
    });
    expect(config.sarifFile).toBeUndefined();
    expect(config.jsonReport).toBeUndefined();
  });

  it('reads INPUT_* variables with hyphenated names through @actions/core', () => {
    input('fail-on', 'Warning');
    input('paths', 'stacks/\nspecs/*.json, plans');
    input('max-review-comments', '3');
    input('review-comments', 'off');
    input('cfn-lint-args', '--ignore-checks W3005  --regions us-east-1');
    input('role-to-assume', 'arn:aws:iam::123456789012:role/x');
    const config = readInputs();
    expect(config.failOn).toBe('warning');
    expect(config.paths).toEqual(['stacks/', 'specs/*.json', 'plans']);
    expect(config.maxReviewComments).toBe(3);
    expect(config.reviewComments).toBe(false);
    expect(config.cfnLint.args).toEqual(['--ignore-checks', 'W3005', '--regions', 'us-east-1']);
    expect(config.account.roleToAssume).toBe('arn:aws:iam::123456789012:role/x');
  });

  it('names the input in validation errors', () => {
    expect(() => readInputs((n) => (n === 'fail-on' ? 'fatal' : ''))).toThrow(
      'Input fail-on must be one of error, warning, notice, never (got "fatal").',
    );
    expect(() => readInputs((n) => (n === 'max-annotations' ? '-1' : ''))).toThrow(
      'Input max-annotations must be a whole number from 0 to 50000 (got "-1").',
    );
    expect(() => readInputs((n) => (n === 'comment-mode' ? 'sticky' : ''))).toThrow('Input comment-mode must be one of update, new, off');
    expect(() => readInputs((n) => (n === 'review-comments' ? 'maybe' : ''))).toThrow('Input review-comments must be on or off');
  });

  it('splits lists on newlines and commas', () => {
    expect(list(' a ,b\n\n c,')).toEqual(['a', 'b', 'c']);
  });
});
