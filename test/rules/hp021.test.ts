import { describe, expect, it } from 'vitest';
import rule, { policyScope } from '../../src/rules/hp021-s3-access-scoped.js';
import { ModelBuilder, known, unknown } from './builders.js';
import { runRule, summary } from './run-rule.js';

const SCOPED = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::sagemaker-lifecycle/*'] }],
};

describe('HP021 s3-access-scoped', () => {
  it('notes an S3 endpoint without a policy, at the endpoint', () => {
    const b = new ModelBuilder();
    b.endpoint('S3Endpoint', { line: 40 });
    expect(summary(runRule(rule, b.model))).toEqual([
      {
        line: 40,
        severity: 'notice',
        message:
          'S3 endpoint S3Endpoint (com.amazonaws.us-west-2.s3) gives the VPC access to all S3 buckets: it has no endpoint policy, so it allows every action on every bucket.',
      },
    ]);
  });

  it('notes a policy allowing Resource "*", at the policy', () => {
    const b = new ModelBuilder();
    b.endpoint('S3Endpoint', {
      line: 40,
      policy: known({ Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] }, b.loc(45)),
    });
    const run = runRule(rule, b.model);
    expect(run.findings.map((f) => [f.line, f.severity])).toEqual([[45, 'notice']]);
    expect(run.findings[0]!.message).toBe(
      'S3 endpoint S3Endpoint (com.amazonaws.us-west-2.s3) gives the VPC access to all S3 buckets: its policy does not limit the buckets: an Allow statement has Resource *.',
    );
  });

  it('passes a policy that names buckets, also as JSON text', () => {
    const b = new ModelBuilder();
    b.endpoint('A', { policy: known(SCOPED) });
    b.endpoint('B', { policy: known(JSON.stringify(SCOPED)) });
    expect(runRule(rule, b.model).findings).toEqual([]);
  });

  it('ignores non-S3 endpoints and Deny statements on *', () => {
    const b = new ModelBuilder();
    b.endpoint('Ecr', { serviceName: 'com.amazonaws.us-west-2.ecr.api', endpointType: 'Interface' });
    b.endpoint('S3', {
      policy: known({ Statement: [SCOPED.Statement[0], { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }] }),
    });
    expect(runRule(rule, b.model).findings).toEqual([]);
  });

  it('an unknown policy is unverified, not a finding', () => {
    const b = new ModelBuilder();
    b.endpoint('S3Endpoint', { line: 40, policy: unknown('PolicyDocument comes from parameter EndpointPolicy', b.loc(44)) });
    const run = runRule(rule, b.model);
    expect(run.findings).toEqual([]);
    expect(run.unverified).toEqual([
      {
        ruleId: 'HP021',
        file: 'template.yaml',
        line: 44,
        resource: 'S3Endpoint',
        reason: 'policy of S3Endpoint: PolicyDocument comes from parameter EndpointPolicy',
      },
    ]);
  });

  it('policyScope reads the shapes endpoint policies take', () => {
    expect(policyScope({ Statement: { Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::*' } })).toEqual({
      kind: 'open',
      why: 'an Allow statement has Resource arn:aws:s3:::*',
    });
    expect(policyScope({ Statement: [{ Effect: 'Allow', Action: '*', NotResource: 'arn:aws:s3:::secret/*' }] }).kind).toBe('open');
    expect(policyScope({ Statement: [{ Effect: 'Allow', Action: '*' }] })).toEqual({
      kind: 'open',
      why: 'an Allow statement has no Resource',
    });
    expect(policyScope('{not json').kind).toBe('unknown');
    expect(policyScope({ Statement: [{ Effect: { Ref: 'X' }, Resource: '*' }] }).kind).toBe('unknown');
  });
});
