import { describe, expect, it } from 'vitest';
import { pullRequestInfo, repoView } from '../../src/action/main.js';
import type { ScanResult } from '../../src/engine/types.js';
import { finding } from './fixtures.js';

const payload = (headRepo: string | null) => ({
  pull_request: {
    number: 12,
    base: { sha: 'b'.repeat(40), repo: { full_name: 'octo/infra' } },
    head: { sha: 'h'.repeat(40), repo: headRepo === null ? null : { full_name: headRepo } },
  },
});

describe('pullRequestInfo', () => {
  it('reads the pull request of a pull_request event', () => {
    expect(pullRequestInfo('pull_request', payload('octo/infra'), 'octo/infra')).toEqual({
      owner: 'octo',
      repo: 'infra',
      number: 12,
      baseSha: 'b'.repeat(40),
      headSha: 'h'.repeat(40),
      isFork: false,
    });
  });

  it('detects forks, including a deleted fork, only for pull_request', () => {
    expect(pullRequestInfo('pull_request', payload('someone/infra'), 'octo/infra')?.isFork).toBe(true);
    expect(pullRequestInfo('pull_request', payload(null), 'octo/infra')?.isFork).toBe(true);
    expect(pullRequestInfo('pull_request_target', payload('someone/infra'), 'octo/infra')?.isFork).toBe(false);
  });

  it('is undefined for other events and incomplete payloads', () => {
    expect(pullRequestInfo('push', payload('octo/infra'), 'octo/infra')).toBeUndefined();
    expect(pullRequestInfo('pull_request', {}, 'octo/infra')).toBeUndefined();
    expect(pullRequestInfo('pull_request', payload('octo/infra'), undefined)).toBeUndefined();
  });
});

describe('repoView', () => {
  it('prefixes the working directory on findings, related locations, suppressed, unverified and files', () => {
    const result = {
      findings: [
        finding({ file: 'a.yaml', line: 1, related: [{ file: 'b.tf', line: 2, column: 1, endLine: 2, endColumn: 3 }] }),
        finding({ file: '.', line: 1 }),
      ],
      suppressed: [finding({ file: 'c.yaml', line: 3 })],
      unverified: [{ file: 'a.yaml', reason: 'r' }],
      files: [{ file: 'a.yaml', kind: 'cloudformation' }],
    } as unknown as ScanResult;
    const view = repoView(result, 'infra');
    expect(view.findings.map((f) => f.file)).toEqual(['infra/a.yaml', '.']);
    expect(view.findings[0].related![0].file).toBe('infra/b.tf');
    expect(view.suppressed[0].file).toBe('infra/c.yaml');
    expect(view.unverified[0].file).toBe('infra/a.yaml');
    expect(view.files[0].file).toBe('infra/a.yaml');
    expect(result.findings[0].file).toBe('a.yaml');
    expect(repoView(result, '')).toBe(result);
  });
});
