import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/hp002-vpc-config-shape.js';
import { ModelBuilder, idRef, loc, ref, unknown, unknownRef } from './builders.js';
import { runRule, summary } from './run-rule.js';

function base() {
  const b = new ModelBuilder();
  const vpc = b.vpc('Vpc');
  const subnet = b.subnet('Private', { vpc });
  const sg = b.securityGroup('Sg', { vpc });
  return { b, vpc, subnet, sg };
}

describe('HP002 vpc-config-shape', () => {
  it('accepts references, literal IDs and unresolved values within the bounds', () => {
    const { b, subnet, sg } = base();
    b.cluster('Cluster', {
      vpc: {
        subnets: [ref(subnet), idRef('subnet-0123456789abcdef0'), unknownRef('parameter SubnetId has no default')],
        securityGroups: [ref(sg), idRef('sg-0a1b2c3d')],
      },
      groups: [{ name: 'workers', override: { subnets: [idRef('subnet-0aaa1111')], securityGroups: [idRef('sg-0bbb2222')] } }],
    });
    const run = runRule(rule, b.model);
    expect(run.findings).toEqual([]);
    expect(run.unverified).toEqual([]);
  });

  it('fires at the VpcConfig when SecurityGroupIds is missing', () => {
    const { b, subnet } = base();
    b.cluster('Cluster', { line: 40, clusterName: 'demo', vpc: { line: 44, subnets: [ref(subnet)], securityGroups: null } });
    expect(summary(runRule(rule, b.model))).toEqual([
      {
        line: 44,
        severity: 'error',
        message:
          'VpcConfig of cluster demo has no SecurityGroupIds. Both Subnets and SecurityGroupIds are required, so the request is rejected.',
      },
    ]);
  });

  it('fires at the override when an OverrideVpcConfig lacks Subnets', () => {
    const { b, subnet, sg } = base();
    b.cluster('Cluster', {
      clusterName: 'demo',
      vpc: { subnets: [ref(subnet)], securityGroups: [ref(sg)] },
      groups: [{ name: 'gpu', line: 70, override: { line: 75, subnets: null, securityGroups: [ref(sg)] } }],
    });
    const run = runRule(rule, b.model);
    expect(summary(run)).toEqual([
      {
        line: 75,
        severity: 'error',
        message:
          'OverrideVpcConfig of instance group gpu in cluster demo has no Subnets. Both Subnets and SecurityGroupIds are required, so the request is rejected.',
      },
    ]);
    expect(run.findings[0]!.detail).toBe('gpu/OverrideVpcConfig.Subnets');
  });

  it('fires at the list when it has 17 subnets or 6 security groups, and at an empty list', () => {
    const { b } = base();
    const subnets = Array.from({ length: 17 }, (_, i) => idRef(`subnet-${i.toString(16).padStart(8, '0')}`));
    const sgs = Array.from({ length: 6 }, (_, i) => idRef(`sg-0000000${i}`));
    const cluster = b.cluster('Cluster', { clusterName: 'big', vpc: { subnets, securityGroups: sgs } });
    b.cluster('Empty', { clusterName: 'empty', vpc: { subnets: [], securityGroups: [idRef('sg-01234567')] } });
    const run = runRule(rule, b.model);
    const subnetList = cluster.vpcConfig!.subnets as { loc: { line: number } };
    const sgList = cluster.vpcConfig!.securityGroups as { loc: { line: number } };
    expect(summary(run)).toEqual([
      {
        line: subnetList.loc.line,
        severity: 'error',
        message: 'VpcConfig of cluster big lists 17 subnets in Subnets; HyperPod accepts 1 to 16.',
      },
      {
        line: sgList.loc.line,
        severity: 'error',
        message: 'VpcConfig of cluster big lists 6 security groups in SecurityGroupIds; HyperPod accepts 1 to 5.',
      },
      expect.objectContaining({ message: 'VpcConfig of cluster empty lists 0 subnets in Subnets; HyperPod accepts 1 to 16.' }),
    ]);
    expect(run.findings[2]!.fix).toBe('List at least 1 subnet ID in Subnets.');
  });

  it('accepts exactly 16 subnets and 5 security groups', () => {
    const { b } = base();
    const subnets = Array.from({ length: 16 }, (_, i) => idRef(`subnet-${i.toString(16).padStart(8, '0')}`));
    const sgs = Array.from({ length: 5 }, (_, i) => idRef(`sg-0000000${i}`));
    b.cluster('Cluster', { vpc: { subnets, securityGroups: sgs } });
    expect(runRule(rule, b.model).findings).toEqual([]);
  });

  it('fires at the item when a literal is not a subnet or security-group ID', () => {
    const { b, subnet } = base();
    b.cluster('Cluster', {
      clusterName: 'demo',
      vpc: {
        subnets: [ref(subnet), idRef('sg-0123abcd', loc(21))],
        securityGroups: [idRef('default', loc(23)), idRef(`sg-${'a'.repeat(30)}`, loc(24)), idRef('sg-', loc(25))],
      },
    });
    expect(summary(runRule(rule, b.model))).toEqual([
      {
        line: 21,
        severity: 'error',
        message: 'Subnets of the VpcConfig of cluster demo contains "sg-0123abcd", which is not a subnet ID (subnet-...).',
      },
      {
        line: 23,
        severity: 'error',
        message: 'SecurityGroupIds of the VpcConfig of cluster demo contains "default", which is not a security group ID (sg-...).',
      },
      {
        line: 24,
        severity: 'error',
        message: `SecurityGroupIds of the VpcConfig of cluster demo contains "sg-${'a'.repeat(30)}", which is longer than the 32 characters an ID may have.`,
      },
      {
        line: 25,
        severity: 'error',
        message:
          'SecurityGroupIds of the VpcConfig of cluster demo contains "sg-", which is not a valid security group ID (letters, digits and hyphens after sg-).',
      },
    ]);
  });

  it('does not fire on an unknown list, and records it as unverified', () => {
    const { b, sg } = base();
    b.cluster('Cluster', {
      line: 60,
      clusterName: 'demo',
      vpc: {
        line: 62,
        subnets: unknown('parameter Subnets is a List<AWS::EC2::Subnet::Id> without default', loc(63)),
        securityGroups: [ref(sg)],
      },
    });
    const run = runRule(rule, b.model);
    expect(run.findings).toEqual([]);
    expect(run.unverified).toEqual([
      {
        ruleId: 'HP002',
        file: 'template.yaml',
        line: 63,
        resource: 'Cluster',
        reason:
          'Subnets of the VpcConfig of cluster demo is unknown (parameter Subnets is a List<AWS::EC2::Subnet::Id> without default); its size cannot be checked',
      },
    ]);
  });

  it('does nothing for clusters without VpcConfig', () => {
    const { b } = base();
    b.cluster('Cluster', { orchestrator: 'slurm', groups: [{ name: 'w' }] });
    expect(runRule(rule, b.model).findings).toEqual([]);
  });

  it('treats template placeholders as unknown, not as wrong IDs', () => {
    const b = new ModelBuilder('cluster-config.json', undefined, 'cluster-spec');
    b.cluster('demo', {
      vpc: {
        subnets: [idRef('${PRIVATE_SUBNET_ID}', loc(8, 'cluster-config.json')), idRef('$SUBNET_B'), idRef('{{ .Values.subnet }}')],
        securityGroups: [idRef('<security-group-id>', loc(11, 'cluster-config.json'))],
      },
    });
    const run = runRule(rule, b.model);
    // <...> is filled in by no tool: in a spec about to be submitted it is an error (issue 17 item 7).
    expect(summary(run)).toEqual([
      {
        line: 11,
        severity: 'error',
        message:
          'SecurityGroupIds of the VpcConfig of cluster demo holds the placeholder "<security-group-id>", which no tool fills in: ' +
          'the request is sent with it and rejected.',
      },
    ]);
    expect(run.unverified.map((u) => [u.line, u.reason])).toEqual([
      [
        8,
        'Subnets of the VpcConfig of cluster demo holds the template placeholder "${PRIVATE_SUBNET_ID}", filled in outside the scanned files',
      ],
      [
        expect.any(Number),
        'Subnets of the VpcConfig of cluster demo holds the template placeholder "$SUBNET_B", filled in outside the scanned files',
      ],
      [
        expect.any(Number),
        'Subnets of the VpcConfig of cluster demo holds the template placeholder "{{ .Values.subnet }}", filled in outside the scanned files',
      ],
    ]);
  });

  it('keeps <...> placeholders in a CloudFormation template as unknown (a template is filled in before deploying)', () => {
    const b = new ModelBuilder('template.yaml', undefined, 'cloudformation');
    b.cluster('Cluster', { vpc: { subnets: [idRef('<subnet-id>', loc(8))], securityGroups: [idRef('sg-0123456789abcdef0')] } });
    const run = runRule(rule, b.model);
    expect(run.findings).toEqual([]);
    expect(run.unverified.map((u) => u.line)).toEqual([8]);
  });
});
