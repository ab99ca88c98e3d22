import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/hp061-ssm-least-privilege.js';
import { canNameCluster, coversAllSsm, globCovers, globMatches, globsIntersect } from '../../src/rules/util/iam.js';
import { ModelBuilder, ref } from './builders.js';
import { policy, principal } from './builders2.js';
import { runRule, summary } from './run-rule.js';

const CLUSTER = 'arn:aws:sagemaker:us-west-2:111122223333:cluster/abc123';

describe('HP061 ssm-least-privilege', () => {
  it('warns at the statement granting ssm:* on cluster nodes', () => {
    const b = new ModelBuilder();
    principal(b.model, 'Ops', {
      line: 10,
      tags: { SSMSessionRunAs: 'ops' },
      inline: [[{ actions: ['ssm:*'], resources: [CLUSTER], line: 18 }]],
    });
    expect(summary(runRule(rule, b.model))).toEqual([
      {
        line: 18,
        severity: 'warning',
        message:
          'IAM role Ops can open sessions on HyperPod cluster nodes with ssm:* (every Systems Manager action) in an inline policy; ' +
          'node access should be limited to ssm:StartSession on the cluster ARNs it needs.',
      },
    ]);
  });

  it('warns on StartSession on Resource *, and on * with *', () => {
    const b = new ModelBuilder();
    principal(b.model, 'Star', { line: 10, inline: [[{ actions: ['ssm:StartSession'], resources: ['*'], line: 15 }]] });
    principal(b.model, 'Admin', { line: 30, kind: 'user', inline: [[{ actions: ['*'], resources: ['*'], line: 35 }]] });
    const run = runRule(rule, b.model);
    expect(run.findings.map((f) => [f.line, f.resource])).toEqual([
      [15, 'Star'],
      [35, 'Admin'],
    ]);
    expect(run.findings[0]!.message).toContain('with ssm:StartSession on Resource * in an inline policy');
    expect(run.findings[1]!.message).toContain(
      'IAM user Admin can open sessions on HyperPod cluster nodes with * (every Systems Manager action) and ssm:StartSession on Resource *',
    );
  });

  it('reports a managed policy statement once per principal it is attached to', () => {
    const b = new ModelBuilder();
    const a = principal(b.model, 'A', { line: 10 });
    const c = principal(b.model, 'C', { line: 20 });
    policy(b.model, 'Broad', { line: 30, statements: [{ actions: ['ssm:*'], resources: ['*'], line: 34 }], attachedTo: [ref(a), ref(c)] });
    const run = runRule(rule, b.model);
    expect(run.findings.map((f) => [f.line, f.resource, f.detail])).toEqual([
      [34, 'A', 'Broad:34'],
      [34, 'C', 'Broad:34'],
    ]);
  });

  it('passes StartSession scoped to cluster ARNs, and broad grants that a Deny removes', () => {
    const b = new ModelBuilder();
    principal(b.model, 'Scoped', {
      line: 10,
      inline: [
        [
          {
            actions: ['ssm:StartSession', 'ssm:TerminateSession'],
            resources: [CLUSTER, 'arn:aws:sagemaker:us-west-2:111122223333:cluster/*'],
            line: 15,
          },
        ],
      ],
    });
    principal(b.model, 'Denied', {
      line: 30,
      inline: [
        [
          { actions: ['ssm:*'], resources: ['*'], line: 35 },
          { effect: 'Deny', actions: ['ssm:Start*'], resources: ['*'], line: 38 },
        ],
      ],
    });
    principal(b.model, 'NoSsm', { line: 50, inline: [[{ actions: ['s3:*'], resources: ['*'], line: 55 }]] });
    expect(runRule(rule, b.model).findings).toEqual([]);
  });
});

describe('IAM glob helpers', () => {
  it('globMatches: * and ? as IAM uses them', () => {
    expect(globMatches('ssm:Start*', 'ssm:StartSession')).toBe(true);
    expect(globMatches('ssm:start*', 'ssm:StartSession', true)).toBe(true);
    expect(globMatches('ssm:start*', 'ssm:StartSession')).toBe(false);
    expect(globMatches('ssm:Start?ession', 'ssm:StartSession')).toBe(true);
    expect(globMatches('ssm:Get*', 'ssm:StartSession')).toBe(false);
    // A star facing a literal star in the text is still a wildcard (globCovers compares patterns).
    expect(globMatches('a*c', 'a*bc')).toBe(true);
    expect(globCovers('arn:aws:sagemaker:*:cluster/*-prod', 'arn:aws:sagemaker:*:cluster/*a-prod')).toBe(true);
  });
  it('globsIntersect: can a Resource pattern name a cluster?', () => {
    expect(globsIntersect('*', 'arn:aws*:sagemaker:*:*:cluster/*')).toBe(true);
    expect(globsIntersect('arn:aws:sagemaker:*:*:cluster/my-*', 'arn:aws*:sagemaker:*:*:cluster/*')).toBe(true);
    expect(globsIntersect('ssm:*', 'ssm:Start*')).toBe(true);
    expect(canNameCluster('arn:aws:ec2:*:*:instance/*')).toBe(false);
    expect(canNameCluster('arn:aws:sagemaker:*:*:*')).toBe(true);
    expect(canNameCluster('arn:aws-us-gov:sagemaker:us-gov-west-1:1:cluster/x')).toBe(true);
    expect(canNameCluster('arn:aws:sagemaker:us-west-2:1:endpoint/*')).toBe(false);
    expect(canNameCluster('*')).toBe(true);
  });
  it('globCovers and coversAllSsm', () => {
    expect(globCovers('*', CLUSTER)).toBe(true);
    expect(globCovers('arn:aws:sagemaker:*', 'arn:aws:sagemaker:us-west-2:1:cluster/*')).toBe(true);
    expect(globCovers(CLUSTER, 'arn:aws:sagemaker:*:*:cluster/*')).toBe(false);
    expect(globCovers('arn:aws:sagemaker:*:*:cluster/*', CLUSTER)).toBe(true);
    expect(['*', 'ssm:*', 'SSM:*', 's*'].map(coversAllSsm)).toEqual([true, true, true, true]);
    expect(['ssm:Start*', 'ssm:StartSession', 'ec2:*'].map(coversAllSsm)).toEqual([false, false, false]);
  });
});
