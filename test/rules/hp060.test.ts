import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/hp060-ssm-run-as-tag.js';
import { ModelBuilder, idRef, ref, unknown } from './builders.js';
import { policy, principal } from './builders2.js';
import { runRule, summary } from './run-rule.js';

const START = { actions: ['ssm:StartSession'], resources: ['arn:aws:sagemaker:us-west-2:111122223333:cluster/abc123'] };

describe('HP060 ssm-run-as-tag', () => {
  it('warns at the principal when a role allowed StartSession on a cluster has no SSMSessionRunAs tag', () => {
    const b = new ModelBuilder();
    principal(b.model, 'DataScientistRole', { line: 10, inline: [[{ ...START, line: 16 }]] });
    const run = runRule(rule, b.model);
    expect(summary(run)).toEqual([
      {
        line: 10,
        severity: 'warning',
        message:
          'IAM role DataScientistRole may start SSM sessions on HyperPod cluster nodes (ssm:StartSession on arn:aws:sagemaker:us-west-2:111122223333:cluster/abc123 in an inline policy) ' +
          'but has no SSMSessionRunAs tag, so Session Manager Run As cannot map it to its own OS user.',
      },
    ]);
  });

  it('warns at the tag value when it is root or empty; passes a named user', () => {
    const b = new ModelBuilder();
    principal(b.model, 'Root', { line: 10, tags: { SSMSessionRunAs: 'root' }, inline: [[{ ...START, line: 20 }]] });
    principal(b.model, 'Empty', { line: 30, kind: 'user', tags: { Team: 'ml', SSMSessionRunAs: ' ' }, inline: [[{ ...START, line: 40 }]] });
    principal(b.model, 'Good', { line: 50, tags: { SSMSessionRunAs: 'alice' }, inline: [[{ ...START, line: 60 }]] });
    const run = runRule(rule, b.model);
    expect(run.findings.map((f) => [f.line, f.resource])).toEqual([
      [13, 'Root'],
      [34, 'Empty'],
    ]);
    expect(run.findings[0]!.message).toMatch(/but its SSMSessionRunAs tag is root, which Session Manager Run As does not allow\.$/);
    expect(run.findings[1]!.message).toMatch(/^IAM user Empty may start SSM sessions .* but its SSMSessionRunAs tag is empty/);
  });

  it('matches actions as IAM does: wildcards and case', () => {
    for (const action of ['ssm:*', 'SSM:start*', '*', 'ssm:Start?ession']) {
      const b = new ModelBuilder();
      principal(b.model, 'R', { line: 10, inline: [[{ actions: [action], resources: ['*'], line: 15 }]] });
      expect(
        runRule(rule, b.model).findings.map((f) => f.line),
        action,
      ).toEqual([10]);
    }
    const b = new ModelBuilder();
    principal(b.model, 'R', {
      line: 10,
      inline: [[{ actions: ['ssm:StartAutomationExecution', 'ssm:Get*'], resources: ['*'], line: 15 }]],
    });
    expect(runRule(rule, b.model).findings).toEqual([]);
  });

  it('needs a resource that can name a HyperPod cluster', () => {
    const b = new ModelBuilder();
    principal(b.model, 'Ec2Only', {
      line: 10,
      inline: [[{ actions: ['ssm:StartSession'], resources: ['arn:aws:ec2:*:*:instance/*'], line: 15 }]],
    });
    principal(b.model, 'AnySageMaker', {
      line: 20,
      inline: [[{ actions: ['ssm:StartSession'], resources: ['arn:aws:sagemaker:*:*:*'], line: 25 }]],
    });
    expect(runRule(rule, b.model).findings.map((f) => f.resource)).toEqual(['AnySageMaker']);
  });

  it('a Deny of StartSession on the same resources removes the grant; NotAction grants it', () => {
    const b = new ModelBuilder();
    principal(b.model, 'Denied', {
      line: 10,
      inline: [
        [
          { actions: ['ssm:*'], resources: ['arn:aws:sagemaker:*:*:cluster/*'], line: 15 },
          { effect: 'Deny', actions: ['ssm:StartSession'], resources: ['*'], line: 18 },
        ],
      ],
    });
    principal(b.model, 'NotAction', { line: 30, inline: [[{ notActions: ['iam:*'], resources: ['*'], line: 35 }]] });
    principal(b.model, 'NotActionSsm', { line: 50, inline: [[{ notActions: ['ssm:StartSession'], resources: ['*'], line: 55 }]] });
    expect(runRule(rule, b.model).findings.map((f) => f.resource)).toEqual(['NotAction']);
  });

  it('follows managed policies attached by reference or by the policy Roles list', () => {
    const b = new ModelBuilder();
    const role = principal(b.model, 'ByRoles', { line: 10 });
    policy(b.model, 'SessionPolicy', { line: 30, statements: [{ ...START, line: 35 }], attachedTo: [ref(role)] });
    const managed = policy(b.model, 'Managed', { line: 50, statements: [{ ...START, line: 55 }] });
    principal(b.model, 'ByArn', { line: 70, managed: [ref(managed)] });
    const run = runRule(rule, b.model);
    expect(run.findings.map((f) => [f.line, f.resource])).toEqual([
      [10, 'ByRoles'],
      [70, 'ByArn'],
    ]);
    expect(run.findings[0]!.message).toContain('in policy SessionPolicy)');
  });

  it('unknown tags, tag values, statements and external managed policies are unverified, not findings', () => {
    const b = new ModelBuilder();
    principal(b.model, 'UnknownTags', {
      line: 10,
      tags: unknown('Tags come from parameter RoleTags', b.loc(12)),
      inline: [[{ ...START, line: 15 }]],
    });
    principal(b.model, 'UnknownValue', {
      line: 20,
      tags: { SSMSessionRunAs: unknown('parameter OsUser has no default', b.loc(23)) },
      inline: [[{ ...START, line: 25 }]],
    });
    principal(b.model, 'UnknownResource', {
      line: 30,
      inline: [[{ actions: ['ssm:StartSession'], resources: unknown('parameter ClusterArn'), line: 35 }]],
    });
    principal(b.model, 'External', { line: 40, managed: [idRef('arn:aws:iam::aws:policy/AmazonSageMakerFullAccess', b.loc(42))] });
    const run = runRule(rule, b.model);
    expect(run.findings).toEqual([]);
    expect(run.unverified.map((u) => [u.line, u.reason])).toEqual([
      [12, 'tags of UnknownTags: Tags come from parameter RoleTags'],
      [23, 'SSMSessionRunAs tag of UnknownValue: parameter OsUser has no default'],
      [35, 'SSM access of UnknownResource: a policy statement cannot be evaluated'],
      [42, 'SSM access: managed policy arn:aws:iam::aws:policy/AmazonSageMakerFullAccess of External is not in the scanned files'],
    ]);
  });

  // Issue 17 item 6: AWS managed policies whose documents are known are findings or nothing, not unverified.
  it('knows the AWS managed policies that grant StartSession (finding) and those that cannot (nothing)', () => {
    const b = new ModelBuilder();
    principal(b.model, 'Admin', { line: 10, managed: [idRef('arn:aws:iam::aws:policy/AdministratorAccess', b.loc(12))] });
    principal(b.model, 'Power', { line: 20, kind: 'user', managed: [idRef('arn:aws-us-gov:iam::aws:policy/PowerUserAccess', b.loc(22))] });
    principal(b.model, 'SsmFull', {
      line: 30,
      tags: { SSMSessionRunAs: 'alice' },
      managed: [idRef('arn:aws:iam::aws:policy/AmazonSSMFullAccess', b.loc(33))],
    });
    principal(b.model, 'ReadOnly', { line: 40, managed: [idRef('arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess', b.loc(42))] });
    const run = runRule(rule, b.model);
    expect(run.findings.map((f) => [f.line, f.message.replace(/ but has no.*/, '')])).toEqual([
      [10, 'IAM role Admin may start SSM sessions on HyperPod cluster nodes (* on * in AWS managed policy AdministratorAccess)'],
      [
        20,
        'IAM user Power may start SSM sessions on HyperPod cluster nodes (an Allow with NotAction on * in AWS managed policy PowerUserAccess)',
      ],
    ]);
    expect(run.unverified).toEqual([]);
  });

  it('skips roles that only AWS services can assume (service principals in the trust policy)', () => {
    const b = new ModelBuilder();
    const service = principal(b.model, 'ExecutionRole', { line: 10, inline: [[{ ...START, line: 16 }]] });
    service.trustedServicesOnly = ['sagemaker.amazonaws.com'];
    principal(b.model, 'External', {
      line: 30,
      managed: [idRef('arn:aws:iam::aws:policy/AmazonSageMakerFullAccess', b.loc(32))],
    }).trustedServicesOnly = ['eks.amazonaws.com'];
    principal(b.model, 'Person', { line: 40, inline: [[{ ...START, line: 46 }]] });
    const run = runRule(rule, b.model);
    expect(run.findings.map((f) => f.resource)).toEqual(['Person']);
    expect(run.unverified).toEqual([]);
  });
});
