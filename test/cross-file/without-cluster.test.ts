import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { toText } from '../../src/report/text.js';
import { toJsonReport } from '../../src/report/json.js';
import { buildJobSummary } from '../../src/action/job-summary.js';
import { buildSummaryComment } from '../../src/action/summary-comment.js';
import { jobSummaryInput, summaryCommentInput } from '../helpers/summary-inputs.js';

/** Issue 17 item 1, "where nothing links": security groups no scanned cluster uses, plainly meant for HyperPod/EFA. */
const ROOT = 'fixtures/cross-file/without-cluster';

const brief = (result: Awaited<ReturnType<typeof scan>>) => result.findings.map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.severity}`);
const efaFindings = (result: Awaited<ReturnType<typeof scan>>) => result.findings.filter((f) => /^HP01[0-2]$/.test(f.ruleId));
const run = (dir: string, paths?: string[]) => scan({ cwd: path.join(ROOT, dir), paths, workers: false, region: 'us-west-2' });

describe('a security-group stack scanned alone (its template takes HyperPod instance types)', () => {
  it('checks its only group as an EFA group, on the group’s lines, with the note and the parameter as related location', async () => {
    const result = await run('sg-alone');
    expect(brief(result)).toEqual([
      'security-group-stack.yaml:18 HP010 error',
      'security-group-stack.yaml:18 HP011 error',
      'security-group-stack.yaml:18 HP012 warning',
    ]);
    const note =
      '(checked without its cluster: no scanned cluster uses this group; linked because security-group-stack.yaml is about HyperPod ' +
      '(parameter AcceleratedInstanceType takes ml.p5.48xlarge, ml.p4d.24xlarge) and this is its only security group)';
    expect(result.findings[0]!.message).toBe(
      `Security group ClusterSecurityGroup has no inbound rule allowing all traffic (protocol -1) from itself, and it is meant for HyperPod EFA nodes ${note}. ` +
        'EFA traffic between the nodes is dropped and the EFA health checks fail.',
    );
    expect(result.findings[1]!.message).toContain(`to itself, and it is meant for HyperPod EFA nodes ${note}.`);
    expect(result.findings[2]!.message).toContain(`It is meant for HyperPod EFA nodes ${note}.`);
    for (const f of result.findings)
      expect(f.related).toEqual([{ file: 'security-group-stack.yaml', line: 11, column: 3, endLine: 11, endColumn: 26 }]);
    expect(result.checkedWithoutCluster).toEqual([
      {
        file: 'security-group-stack.yaml',
        resource: 'ClusterSecurityGroup',
        reason:
          'security-group-stack.yaml is about HyperPod (parameter AcceleratedInstanceType takes ml.p5.48xlarge, ml.p4d.24xlarge) and this is its only security group',
      },
    ]);
    // The fingerprint is the one a linked cluster gives: an ignore entry written now keeps working once the cluster is scanned.
    expect(result.findings[0]!.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it('says so in every summary: text report, JSON report, job summary and summary comment', async () => {
    const result = await run('sg-alone');
    const line =
      'Checked without their cluster (no scanned cluster uses these security groups): security-group-stack.yaml (ClusterSecurityGroup)';
    expect(toText(result, { color: false }).split('\n')).toContain(`note: ${line}`);
    expect(toJsonReport(result).checkedWithoutCluster).toEqual(result.checkedWithoutCluster);
    const summary = buildJobSummary(jobSummaryInput(result.findings, { checkedWithoutCluster: result.checkedWithoutCluster }));
    const markdownLine =
      'Checked without their cluster (no scanned cluster uses these security groups): `security-group-stack.yaml` (`ClusterSecurityGroup`).';
    expect(summary).toContain(`| 2 | 1 | 0 | 0 | 0 | 1 |\n\n${markdownLine}\n`);
    const comment = buildSummaryComment(summaryCommentInput(result.findings, { checkedWithoutCluster: result.checkedWithoutCluster }));
    expect(comment).toContain(`0 unverified\n\n${markdownLine}\n`);
    // No line when nothing was checked without its cluster.
    const silent = await run('generic-vpc');
    expect(toText(silent, { color: false })).not.toContain('Checked without their cluster');
    expect(toJsonReport(silent).checkedWithoutCluster).toEqual([]);
  });
});

describe('a security-group stack and a cluster stack wired by parameters set outside the repository (deploy.sh)', () => {
  it('checks the network stack’s EFA group: the cluster’s security group is a parameter, so no scanned cluster uses it', async () => {
    const result = await run('wired-by-parameter');
    expect(efaFindings(result).map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.severity}`)).toEqual([
      // The self ingress rule is there (NodeSelfIngress); the self egress rule is missing.
      'network.yaml:30 HP011 error',
      'network.yaml:36 HP012 warning',
    ]);
    expect(result.findings.find((f) => f.ruleId === 'HP011')!.message).toBe(
      'Security group NodeSecurityGroup has no outbound rule allowing all traffic (protocol -1) to itself, and it is meant for HyperPod EFA nodes ' +
        '(checked without its cluster: no scanned cluster uses this group; linked because its GroupDescription "EFA-enabled security group for the training nodes" names EFA). ' +
        'EFA traffic between the nodes is dropped and the EFA health checks fail. ' +
        'Its outbound rule to any address does not count: EFA needs a rule that names the security group.',
    );
    expect(result.findings.find((f) => f.ruleId === 'HP011')!.related).toBeUndefined();
    expect(result.checkedWithoutCluster).toEqual([
      {
        file: 'network.yaml',
        resource: 'NodeSecurityGroup',
        reason: 'its GroupDescription "EFA-enabled security group for the training nodes" names EFA',
      },
    ]);
    // The cluster's own security group stays unverified (the parameter has no default), as before.
    expect(result.unverified).toContainEqual(
      expect.objectContaining({
        file: 'cluster.yaml',
        ruleId: 'HP010',
        reason: 'a security group cannot be resolved statically (parameter SecurityGroupId has no default)',
      }),
    );
  });
});

describe('what must stay silent', () => {
  it('a generic VPC template: security groups without any HyperPod or EFA sign (a ClusterName parameter is not one)', async () => {
    const result = await run('generic-vpc');
    expect(efaFindings(result)).toEqual([]);
    expect(result.checkedWithoutCluster).toEqual([]);
    expect(result.unverified).toEqual([]);
  });

  it('a HyperPod VPC template whose only security group is the interface endpoints’ group', async () => {
    const result = await run('hyperpod-vpc');
    expect(efaFindings(result)).toEqual([]);
    expect(result.checkedWithoutCluster).toEqual([]);
    expect(result.model.get('vpc.yaml#EndpointSecurityGroup')).toMatchObject({ attachedTo: ['StsEndpoint (AWS::EC2::VPCEndpoint)'] });
  });

  it('a group a scanned cluster uses is checked through the cluster only (the nested-stack fixture with its parent)', async () => {
    const result = await scan({ cwd: 'fixtures/cross-file/nested-stacks', workers: false, region: 'us-west-2' });
    expect(result.checkedWithoutCluster).toEqual([]);
    expect(result.findings.find((f) => f.ruleId === 'HP010')!.message).toContain(
      'but EFA-capable instance group workers (ml.p5.48xlarge) of cluster ml-cluster uses it.',
    );
  });
});

describe('efaSecurityGroups in the config', () => {
  it('checks the named group, with the config entry as related location; the other group stays silent', async () => {
    const result = await run('config-named');
    expect(brief(result)).toEqual(['stacks/network.yaml:8 HP010 error', 'stacks/network.yaml:8 HP011 error']);
    expect(result.findings[0]!.message).toBe(
      'Security group ComputeSecurityGroup has no inbound rule allowing all traffic (protocol -1) from itself, and it is meant for HyperPod EFA nodes ' +
        '(checked without its cluster: no scanned cluster uses this group; linked because it is named in efaSecurityGroups (.hyperpod-prereq.yml:4)). ' +
        'EFA traffic between the nodes is dropped and the EFA health checks fail.',
    );
    expect(result.findings[0]!.related).toEqual([{ file: '.hyperpod-prereq.yml', line: 4, column: 5, endLine: 4, endColumn: 45 }]);
  });

  it('without the config the same template is silent (nothing on it says HyperPod or EFA)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hp-without-'));
    try {
      await mkdir(path.join(dir, 'stacks'));
      const { readFile } = await import('node:fs/promises');
      await writeFile(path.join(dir, 'stacks/network.yaml'), await readFile(path.join(ROOT, 'config-named/stacks/network.yaml')));
      const result = await scan({ cwd: dir, workers: false });
      expect(efaFindings(result)).toEqual([]);
      expect(result.checkedWithoutCluster).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('evidence and its limits (templates written in the test)', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const write = async (files: Record<string, string>) => {
    dir = await mkdtemp(path.join(tmpdir(), 'hp-without-'));
    for (const [name, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await writeFile(path.join(dir, name), text);
    }
    return dir;
  };
  const group = (id: string, description: string, extra = '') =>
    `  ${id}:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: ${description}\n      VpcId: vpc-0123456789abcdef0\n${extra}`;

  it('a group that names only HyperPod (no EFA anywhere) is checked with warnings: its instance types are not known', async () => {
    const cwd = await write({
      'sg.yaml': `Resources:\n${group('NodeSg', 'HyperPod cluster nodes', '      SecurityGroupEgress:\n        - IpProtocol: "-1"\n          CidrIp: 0.0.0.0/0\n')}`,
    });
    const result = await scan({ cwd, workers: false });
    expect(brief(result)).toEqual(['sg.yaml:2 HP010 warning', 'sg.yaml:2 HP011 warning', 'sg.yaml:8 HP012 notice']);
    expect(result.findings[0]!.message).toBe(
      'Security group NodeSg has no inbound rule allowing all traffic (protocol -1) from itself, and it is meant for HyperPod nodes ' +
        '(checked without its cluster: no scanned cluster uses this group; linked because its GroupDescription "HyperPod cluster nodes" names HyperPod). ' +
        'The nodes cannot reach each other through it, and on EFA-capable instance types EFA traffic is dropped and the EFA health checks fail.',
    );
  });

  it('a group with both self rules gives nothing, even when it is checked without its cluster', async () => {
    const rules =
      '  SelfIn:\n    Type: AWS::EC2::SecurityGroupIngress\n    Properties:\n      GroupId: !Ref EfaSg\n      IpProtocol: "-1"\n      SourceSecurityGroupId: !Ref EfaSg\n' +
      '  SelfOut:\n    Type: AWS::EC2::SecurityGroupEgress\n    Properties:\n      GroupId: !Ref EfaSg\n      IpProtocol: "-1"\n      DestinationSecurityGroupId: !Ref EfaSg\n';
    const cwd = await write({
      'sg.yaml': `Resources:\n${group('EfaSg', 'nodes', '      SecurityGroupEgress:\n        - IpProtocol: "-1"\n          DestinationSecurityGroupId: sg-0123456789abcdef0\n')}${rules}`,
    });
    const result = await scan({ cwd, workers: false });
    expect(efaFindings(result)).toEqual([]);
    expect(result.checkedWithoutCluster).toEqual([{ file: 'sg.yaml', resource: 'EfaSg', reason: 'its logical ID "EfaSg" names EFA' }]);
  });

  it('a parent about HyperPod that passes a child’s group on to a cluster stack that is not scanned', async () => {
    const cwd = await write({
      'main.yaml':
        'Parameters:\n  HyperPodClusterName:\n    Type: String\nResources:\n' +
        '  NetworkStack:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./network.yaml\n' +
        '  ClusterStack:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: https://example-bucket.s3.amazonaws.com/cluster.yaml\n' +
        '      Parameters:\n        SecurityGroupId: !GetAtt NetworkStack.Outputs.NodeGroup\n',
      'network.yaml':
        `Resources:\n${group('NodeGroup', 'nodes')}${group('AdminGroup', 'administration hosts')}` +
        'Outputs:\n  NodeGroup:\n    Value: !Ref NodeGroup\n  AdminGroup:\n    Value: !Ref AdminGroup\n',
    });
    const result = await scan({ cwd, workers: false });
    expect(brief(result).filter((b) => /HP01[01]/.test(b))).toEqual(['network.yaml:2 HP010 warning', 'network.yaml:2 HP011 warning']);
    expect(result.checkedWithoutCluster).toEqual([
      {
        file: 'network.yaml',
        resource: 'NodeGroup',
        reason: 'main.yaml, which reads it, is about HyperPod (parameter HyperPodClusterName names HyperPod)',
      },
    ]);
    expect(result.findings[0]!.related).toEqual([{ file: 'main.yaml', line: 2, column: 3, endLine: 2, endColumn: 22 }]);
  });

  it('several groups in a template about HyperPod, none singled out: nothing is checked, and the scan says why', async () => {
    const cwd = await write({
      'sgs.yaml':
        'Description: Security groups for the SageMaker HyperPod cluster\nResources:\n' +
        group('GroupA', 'first') +
        group('GroupB', 'second'),
    });
    const result = await scan({ cwd, workers: false });
    expect(efaFindings(result)).toEqual([]);
    expect(result.unverified).toEqual([
      {
        file: 'sgs.yaml',
        line: 3,
        reason:
          'no scanned cluster uses the security groups of sgs.yaml (GroupA, GroupB), and the template is about HyperPod (its Description names HyperPod); ' +
          'which of them the nodes use is not known, so none was checked for the EFA self rules (name it in efaSecurityGroups of the config to check it)',
      },
    ]);
  });

  it('ml.* types are no sign in a template with other SageMaker resources (a notebook), nor is the word “default” EFA', async () => {
    const cwd = await write({
      'notebook.yaml':
        'Parameters:\n  InstanceType:\n    Type: String\n    Default: ml.t3.medium\nResources:\n' +
        group('NotebookSg', 'default notebook access') +
        '  Notebook:\n    Type: AWS::SageMaker::NotebookInstance\n    Properties:\n      InstanceType: !Ref InstanceType\n      RoleArn: arn:aws:iam::123456789012:role/n\n',
    });
    const result = await scan({ cwd, workers: false });
    expect(efaFindings(result)).toEqual([]);
    expect(result.checkedWithoutCluster).toEqual([]);
  });

  it('Terraform: a group whose name says EFA is checked; a config entry that matches nothing is a notice', async () => {
    const cwd = await write({
      'main.tf':
        'resource "aws_security_group" "nodes" {\n  name   = "hyperpod-efa"\n  vpc_id = "vpc-0123456789abcdef0"\n}\n' +
        'resource "aws_security_group" "web" {\n  name   = "web"\n  vpc_id = "vpc-0123456789abcdef0"\n}\n',
      '.hyperpod-prereq.yml': 'efaSecurityGroups:\n  - stacks/missing.yaml#NodeSg\n',
    });
    const result = await scan({ cwd, workers: false });
    expect(brief(result)).toEqual(['main.tf:1 HP010 error', 'main.tf:1 HP011 error']);
    expect(result.checkedWithoutCluster).toEqual([
      { file: 'main.tf', resource: 'aws_security_group.nodes', reason: 'its name "hyperpod-efa" names EFA' },
    ]);
    expect(result.notices).toContain(
      'efaSecurityGroups: stacks/missing.yaml#NodeSg (.hyperpod-prereq.yml:2) matches no security group in the scanned files; nothing was checked for it',
    );
  });

  it('turning HP010-HP012 off leaves the template out of the summary line', async () => {
    const cwd = await write({
      'sg.yaml': `Resources:\n${group('EfaSg', 'nodes')}`,
      '.hyperpod-prereq.yml': 'rules:\n  HP010: off\n  HP011: off\n  HP012: off\n',
    });
    const result = await scan({ cwd, workers: false });
    expect(efaFindings(result)).toEqual([]);
    expect(result.checkedWithoutCluster).toEqual([]);
  });
});
