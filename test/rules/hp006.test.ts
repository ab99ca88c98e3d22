import { describe, expect, it } from 'vitest';
import rule, { regionOfArn, regionOfAzId, regionOfAzName, regionOfS3Service } from '../../src/rules/hp006-one-region.js';
import { ModelBuilder, known, loc, ref } from './builders.js';
import { runRule, summary } from './run-rule.js';

const TAIL =
  ' A HyperPod cluster can only use a VPC, subnets, security groups, EKS cluster, S3 endpoint and FSx file system of its own region.';

function network(region: string | undefined, opts: { az?: string; azId?: string; s3?: string; arn?: string } = {}) {
  const b = new ModelBuilder('template.yaml', region);
  const vpc = b.vpc('Vpc', { line: 1 });
  const subnet = b.subnet('Private', {
    vpc,
    line: 10,
    az: opts.az ? known(opts.az, loc(13)) : undefined,
    azId: opts.azId ? known(opts.azId, loc(14)) : undefined,
  });
  const sg = b.securityGroup('Sg', { vpc, line: 20 });
  b.endpoint('S3Endpoint', { vpc, line: 30, serviceName: opts.s3 ?? 'com.amazonaws.us-west-2.s3' });
  b.cluster('Cluster', {
    line: 40,
    clusterName: 'demo',
    eksClusterArn: opts.arn === undefined ? undefined : known(opts.arn, loc(42)),
    vpc: { subnets: [ref(subnet)], securityGroups: [ref(sg)] },
  });
  return b;
}

describe('HP006 one-region: parsing helpers', () => {
  it('reads regions from ARNs, AZ names, AZ IDs and S3 service names', () => {
    expect(regionOfArn('arn:aws:eks:eu-west-1:123456789012:cluster/x')).toBe('eu-west-1');
    expect(regionOfArn('arn:aws-cn:eks:cn-north-1:123456789012:cluster/x')).toBe('cn-north-1');
    expect(regionOfArn('arn:aws:iam::123456789012:role/x')).toBeUndefined();
    expect(regionOfAzName('us-west-2a')).toBe('us-west-2');
    expect(regionOfAzName('us-gov-west-1b')).toBe('us-gov-west-1');
    expect(regionOfAzName('us-west-2-lax-1a')).toBe('us-west-2');
    expect(regionOfAzName('not-an-az')).toBeUndefined();
    expect(regionOfAzId('usw2-az1')).toBe('us-west-2');
    expect(regionOfAzId('apne1-az4')).toBe('ap-northeast-1');
    expect(regionOfAzId('usw2-lax1-az1')).toBe('us-west-2');
    expect(regionOfAzId('xyz9-az1')).toBeUndefined();
    expect(regionOfS3Service('com.amazonaws.us-east-1.s3')).toBe('us-east-1');
    expect(regionOfS3Service('cn.com.amazonaws.cn-north-1.s3')).toBe('cn-north-1');
    expect(regionOfS3Service('com.amazonaws.us-east-1.dynamodb')).toBeUndefined();
  });
});

describe('HP006 one-region', () => {
  it('does not fire when everything is in the cluster region', () => {
    const b = network('us-west-2', { az: 'us-west-2a', azId: 'usw2-az2', arn: 'arn:aws:eks:us-west-2:123456789012:cluster/eks' });
    const run = runRule(rule, b.model);
    expect(run.findings).toEqual([]);
    expect(run.unverified).toEqual([]);
  });

  it('fires at the EKS ARN, the subnet AZ, the AZ ID and the S3 service name when they name another region', () => {
    const b = network('us-west-2', {
      az: 'eu-west-1a',
      azId: 'euw1-az1',
      s3: 'com.amazonaws.us-east-1.s3',
      arn: 'arn:aws:eks:us-east-2:123456789012:cluster/eks',
    });
    expect(summary(runRule(rule, b.model))).toEqual([
      {
        line: 42,
        severity: 'error',
        message: `The EKS cluster ARN arn:aws:eks:us-east-2:123456789012:cluster/eks is in region us-east-2, but cluster demo is in us-west-2 (the default region given to the scan with --region or config).${TAIL}`,
      },
      {
        line: 13,
        severity: 'error',
        message: `Availability Zone eu-west-1a of subnet Private is in region eu-west-1, but cluster demo is in us-west-2 (the default region given to the scan with --region or config).${TAIL}`,
      },
      {
        line: 14,
        severity: 'error',
        message: `Availability Zone ID euw1-az1 of subnet Private is in region eu-west-1, but cluster demo is in us-west-2 (the default region given to the scan with --region or config).${TAIL}`,
      },
      {
        line: 32,
        severity: 'error',
        message: `The service name com.amazonaws.us-east-1.s3 of S3 endpoint S3Endpoint is in region us-east-1, but cluster demo is in us-west-2 (the default region given to the scan with --region or config).${TAIL}`,
      },
    ]);
  });

  it("uses the cluster's own region before the run's region", () => {
    const b = network('eu-west-1', { az: 'us-west-2a' });
    b.model.ofType('Cluster')[0]!.region = known('us-west-2');
    expect(runRule(rule, b.model).findings).toEqual([]);
  });

  it('does not fire when the cluster region is unknown and nothing names one, and records it', () => {
    const b = network(undefined, { s3: 'com.amazonaws.s3-global.accesspoint' });
    const run = runRule(rule, b.model);
    expect(run.findings).toEqual([]);
    expect(run.unverified.map((u) => u.reason)).toEqual([
      'the region of cluster demo is unknown (set --region or the provider region); regions of the resources it uses were not compared',
    ]);
  });

  it('takes the region from the rule options when the model has none', () => {
    const b = network(undefined, { az: 'eu-west-1a' });
    expect(runRule(rule, b.model, { options: { region: 'us-west-2' } }).findings.map((f) => f.line)).toEqual([13]);
  });

  it('without any region, resources that disagree are reported against the first one, with both sources named', () => {
    const b = network(undefined, { az: 'eu-west-1a' });
    expect(summary(runRule(rule, b.model))).toEqual([
      {
        line: 32,
        severity: 'error',
        message:
          'The service name com.amazonaws.us-west-2.s3 of S3 endpoint S3Endpoint is in region us-west-2, but cluster demo is in eu-west-1 ' +
          "(as Availability Zone eu-west-1a of subnet Private at template.yaml:13 says; the cluster's region is not given)." +
          TAIL,
      },
    ]);
  });

  it('a default region does not outrank the region the resources name: one warning names both sources (issue 17 item 3)', () => {
    const b = network('us-west-2', {
      az: 'us-east-1a',
      s3: 'com.amazonaws.us-east-1.s3',
      arn: 'arn:aws:eks:us-east-1:123456789012:cluster/eks',
    });
    const run = runRule(rule, b.model);
    expect(summary(run)).toEqual([
      {
        line: 42,
        severity: 'warning',
        message:
          'The resources of cluster demo say region us-east-1 (The EKS cluster ARN arn:aws:eks:us-east-1:123456789012:cluster/eks at template.yaml:42, ' +
          'Availability Zone us-east-1a of subnet Private at template.yaml:13 and The service name com.amazonaws.us-east-1.s3 of S3 endpoint S3Endpoint at template.yaml:32), ' +
          'but the default region given to the scan (--region or config) is us-west-2. The checks use us-east-1; if the cluster is created in us-west-2, ' +
          'these resources are in another region.',
      },
    ]);
  });

  it('a region the file states outranks the resources: they are errors, with the statement named', () => {
    const b = network('us-west-2', { az: 'us-east-1a', s3: 'com.amazonaws.us-east-1.s3' });
    b.model.ofType('Cluster')[0]!.region = known('us-west-2', loc(2));
    expect(summary(runRule(rule, b.model)).map((f) => [f.line, f.severity, f.message.split('. A HyperPod')[0]])).toEqual([
      [
        13,
        'error',
        'Availability Zone us-east-1a of subnet Private is in region us-east-1, but cluster demo is in us-west-2 (stated at template.yaml:2)',
      ],
      [
        32,
        'error',
        'The service name com.amazonaws.us-east-1.s3 of S3 endpoint S3Endpoint is in region us-east-1, but cluster demo is in us-west-2 (stated at template.yaml:2)',
      ],
    ]);
  });

  it('ignores endpoints of other VPCs and unknown AZ ID prefixes', () => {
    const b = network('us-west-2', { azId: 'zzz1-az1' });
    const other = b.vpc('OtherVpc');
    b.endpoint('Elsewhere', { vpc: other, serviceName: 'com.amazonaws.eu-west-1.s3' });
    expect(runRule(rule, b.model).findings).toEqual([]);
  });

  it('fires on explicit region fields of FSx file systems and subnets', () => {
    const b = new ModelBuilder('plan.json', 'us-west-2', 'terraform-plan');
    const subnet = b.subnet('aws_subnet.a', { line: 5, region: known('us-east-1', loc(6, 'plan.json')) });
    const fsx = b.fsx('aws_fsx_lustre_file_system.fs', { line: 50, region: known('eu-central-1') });
    b.cluster('awscc_sagemaker_cluster.c', {
      clusterName: 'c',
      vpc: { subnets: [ref(subnet)], securityGroups: [] },
      fsxFileSystems: [ref(fsx)],
    });
    expect(summary(runRule(rule, b.model))).toEqual([
      {
        line: 6,
        severity: 'error',
        message: `Subnet aws_subnet.a is in region us-east-1, but cluster c is in us-west-2 (the default region given to the scan with --region or config).${TAIL}`,
      },
      {
        line: 50,
        severity: 'error',
        message: `FSx file system aws_fsx_lustre_file_system.fs is in region eu-central-1, but cluster c is in us-west-2 (the default region given to the scan with --region or config).${TAIL}`,
      },
    ]);
  });
});

describe('HP006 one-region: one finding per place', () => {
  it('reports a resource once when several of its facts at one line name the same other region', () => {
    const b = new ModelBuilder('plan.json', 'us-west-2', 'terraform-plan');
    const at = loc(30, 'plan.json');
    const subnet = b.subnet('aws_subnet.a', {
      line: 30,
      region: known('eu-west-1', at),
      az: known('eu-west-1a', at),
      azId: known('euw1-az1', at),
    });
    b.cluster('awscc_sagemaker_cluster.c', {
      clusterName: 'c',
      region: known('us-west-2', loc(2, 'plan.json')),
      vpc: { subnets: [ref(subnet)], securityGroups: [] },
    });
    expect(runRule(rule, b.model).findings.map((f) => [f.line, f.message.split(' is in region')[0]])).toEqual([
      [30, 'Subnet aws_subnet.a'],
    ]);
  });
});
