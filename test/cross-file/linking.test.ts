import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { matchParameterFile, resolveTemplateLocation } from '../../src/engine/cfn-link.js';
import { parseParameterFile } from '../../src/parsers/cfn-parameters.js';
import type { ParsedFile } from '../../src/model/types.js';

/** Issue 17 item 1: rules fire on the child templates where the network is defined. */
const NESTED = 'fixtures/cross-file/nested-stacks';
const EXPORTS = 'fixtures/cross-file/exports';

const brief = (result: Awaited<ReturnType<typeof scan>>) => result.findings.map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.severity}`);

describe('nested stacks (parent with VPC, security-group and cluster child stacks)', () => {
  it('evaluates each child with the parameters its parent passes and reports on the child templates’ lines', async () => {
    const result = await scan({ cwd: NESTED, workers: false, region: 'us-west-2' });
    expect(brief(result)).toEqual([
      // PrivateSubnetB (vpc.yaml) is associated with the public route table; the subnet list is the child's parameter.
      'cluster.yaml:21 HP020 error',
      'cluster.yaml:21 HP022 error',
      // The security-group stack has no EFA self rules, and the cluster stack runs ml.p5.48xlarge workers with it.
      'security-group.yaml:7 HP010 error',
      'security-group.yaml:7 HP011 error',
      'security-group.yaml:13 HP012 warning',
    ]);
    const hp022 = result.findings.find((f) => f.ruleId === 'HP022')!;
    expect(hp022.message).toContain('Subnet PrivateSubnetB of cluster ml-cluster is a public subnet');
    expect(hp022.related).toEqual([expect.objectContaining({ file: 'vpc.yaml', line: 53 })]);
    // The worker type and count come from the parent (WorkerInstanceType, WorkerCount default 4).
    expect(result.demand.instancesPerType).toEqual({ 'ml.m5.xlarge': 1, 'ml.p5.48xlarge': 4 });
    expect(result.notices).toContain(
      'Linked nested stacks: main.yaml VpcStack → vpc.yaml, main.yaml SecurityGroupStack → security-group.yaml, main.yaml ClusterStack → cluster.yaml',
    );
    // Linked stacks are not "not visible" (no HP090, no "scan that template too").
    expect(result.unverified).toEqual([]);
    expect(result.model.ofType('Cluster').map((c) => c.key)).toEqual(['cluster.yaml#Cluster']);
  });

  it('without the parent nothing links, and the security group meant for HyperPod is checked without its cluster', async () => {
    const result = await scan({
      cwd: NESTED,
      paths: ['security-group.yaml', 'cluster.yaml', 'vpc.yaml'],
      workers: false,
      region: 'us-west-2',
    });
    // The cluster's subnets and security group are parameters nobody passes: no HP022 on vpc.yaml, nothing linked.
    // The security-group stack's group says HyperPod (GroupDescription) and its template EFA (Description): checked as an EFA group.
    expect(brief(result).filter((b) => / HP0(1[0-2]|22) /.test(b))).toEqual([
      'security-group.yaml:7 HP010 error',
      'security-group.yaml:7 HP011 error',
      'security-group.yaml:13 HP012 warning',
    ]);
    for (const f of result.findings.filter((f) => f.file === 'security-group.yaml')) {
      expect(f.message).toContain(
        '(checked without its cluster: no scanned cluster uses this group; linked because its GroupDescription "HyperPod nodes" names HyperPod)',
      );
    }
    expect(result.checkedWithoutCluster).toEqual([
      { file: 'security-group.yaml', resource: 'NodeSecurityGroup', reason: 'its GroupDescription "HyperPod nodes" names HyperPod' },
    ]);
    expect(result.notices).not.toContainEqual(expect.stringMatching(/^Linked nested stacks/));
  });
});

describe('exports and imports, with a parameter file', () => {
  it('matches Fn::ImportValue to ${AWS::StackName} exports, applies the parameter file, and attaches cross-stack rules', async () => {
    const result = await scan({ cwd: EXPORTS, workers: false, region: 'us-west-2' });
    expect(brief(result)).toEqual([
      'cluster-stack.yaml:23 HP022 error',
      // The self ingress rule comes from the cluster stack (EfaSelfIngress); the self egress rule is missing.
      'network.yaml:37 HP011 error',
      'network.yaml:37 HP012 warning',
    ]);
    expect(result.findings[0]!.message).toBe(
      'Subnet NodeSubnet of cluster hyperpod-network-cluster is a public subnet: it sets MapPublicIpOnLaunch to true (network.yaml:14). ' +
        'HyperPod needs private subnets; its nodes get no public addresses.',
    );
    expect(result.demand.instancesPerType).toEqual({ 'ml.p5.48xlarge': 2 });
    expect(result.notices).toContain('Applied parameter files: cluster-stack.params.json → cluster-stack.yaml');
    expect(result.files.find((f) => f.file === 'cluster-stack.params.json')).toEqual({
      file: 'cluster-stack.params.json',
      kind: 'skipped',
      note: 'CloudFormation parameter file',
    });
  });

  it('without the parameter file the import name is unknown, and nothing is guessed', async () => {
    const result = await scan({ cwd: EXPORTS, paths: ['network.yaml', 'cluster-stack.yaml'], workers: false, region: 'us-west-2' });
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(result.demand.instancesPerType).toEqual({});
  });
});

describe('parameter files', () => {
  it('reads the JSON list, the CodePipeline configuration and Key=Value lines', () => {
    expect(
      parseParameterFile('p.json', '[{"ParameterKey":"A","ParameterValue":"1"},\n {"ParameterKey":"B","UsePreviousValue":true}]'),
    ).toEqual({
      file: 'p.json',
      values: { A: '1' },
      lines: { A: 1 },
    });
    expect(parseParameterFile('c.json', '{\n  "Parameters": {\n    "WorkerCount": "8"\n  },\n  "Tags": {}\n}')).toEqual({
      file: 'c.json',
      values: { WorkerCount: '8' },
      lines: { WorkerCount: 3 },
    });
    expect(parseParameterFile('cluster.params', '# template: ../cfn/cluster.yaml\nWorkerCount=8\nNetworkStackName="net"\n')).toEqual({
      file: 'cluster.params',
      values: { WorkerCount: '8', NetworkStackName: 'net' },
      lines: { WorkerCount: 2, NetworkStackName: 3 },
      template: '../cfn/cluster.yaml',
    });
    expect(parseParameterFile('x.json', '[{"InstanceGroupName":"a"}]')).toBeUndefined();
    expect(parseParameterFile('x.json', '{"Parameters": {"A": "1"}, "Resources": {}}')).toBeUndefined();
    expect(parseParameterFile('notes.params', 'just some text')).toBeUndefined();
  });

  it('names its template by file name, a params/ folder, the template comment, or its parameter names', () => {
    const t = (file: string, parameters: string[]): ParsedFile => ({
      file,
      kind: 'cloudformation',
      entities: [],
      errors: [],
      unverified: [],
      suppressions: [],
      cfn: {
        parameters: Object.fromEntries(parameters.map((p) => [p, 'String'])),
        stacks: [],
        outputs: [],
        imports: [],
        externalRules: [],
      },
    });
    const templates = [t('cfn/cluster.yaml', ['WorkerCount']), t('cfn/network.yaml', ['VpcCidr'])];
    const pf = (file: string, values: Record<string, string>, template?: string) => ({ file, values, lines: {}, template });
    expect(matchParameterFile(pf('cfn/cluster-parameters.json', {}), templates)).toBe('cfn/cluster.yaml');
    expect(matchParameterFile(pf('cfn/params/network.json', {}), templates)).toBe('cfn/network.yaml');
    expect(matchParameterFile(pf('deploy/prod.params', {}, '../cfn/cluster.yaml'), templates)).toBe('cfn/cluster.yaml');
    expect(matchParameterFile(pf('cfn/prod.json', { VpcCidr: '10.0.0.0/16' }), templates)).toBe('cfn/network.yaml');
    expect(matchParameterFile(pf('cfn/prod.json', { Other: 'x' }), templates)).toBeUndefined();
  });
});

describe('template locations', () => {
  const files = new Set(['stacks/main.yaml', 'stacks/vpc.yaml', 'other/vpc.yaml', 'stacks/nested/sg.yaml']);
  it('resolves relative paths from the parent folder, and URLs by the longest matching key suffix', () => {
    expect(resolveTemplateLocation('stacks/main.yaml', './vpc.yaml', files)).toBe('stacks/vpc.yaml');
    expect(resolveTemplateLocation('stacks/main.yaml', 'nested/sg.yaml', files)).toBe('stacks/nested/sg.yaml');
    expect(resolveTemplateLocation('stacks/main.yaml', 'https://*.s3.amazonaws.com/hyperpod/nested/sg.yaml', files)).toBe(
      'stacks/nested/sg.yaml',
    );
    expect(resolveTemplateLocation('stacks/main.yaml', 's3://bucket/stacks/vpc.yaml', files)).toBe('stacks/vpc.yaml');
    // vpc.yaml alone matches two files equally: not linked.
    expect(resolveTemplateLocation('stacks/main.yaml', 'https://bucket.s3.amazonaws.com/x/vpc.yaml', files)).toBeUndefined();
    expect(resolveTemplateLocation('stacks/main.yaml', 'https://bucket.s3.amazonaws.com/*', files)).toBeUndefined();
  });

  it('a nested stack whose template is not scanned keeps its note', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hp-link-'));
    try {
      await writeFile(
        path.join(dir, 'main.yaml'),
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Vpc:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./missing.yaml\n",
      );
      const result = await scan({ cwd: dir, workers: false });
      expect(result.unverified.map((u) => u.reason)).toEqual([
        'nested stack Vpc (TemplateURL ./missing.yaml) is not scanned, so its resources are not checked; scan that template too',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
