import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { toJsonReport } from '../../src/report/json.js';
import { toText } from '../../src/report/text.js';
import type { Cluster, EksCluster, SecurityGroup, Subnet } from '../../src/model/types.js';

const fixture = (name: string): string => path.join('fixtures', 'terraform-source', name);

describe('Terraform source: the Slurm module (local modules two levels deep)', () => {
  it('a valid configuration comes out clean, and every .tf and auto-loaded .tfvars counts as evaluated', async () => {
    const result = await scan({ cwd: fixture('slurm-modules'), workers: false });
    expect(result.findings).toEqual([]);
    expect(result.summary.terraform).toEqual({ read: 9, evaluated: 8, skipped: 1 });
    expect(result.files.find((f) => f.file === 'fail-no-self-ingress.tfvars')).toMatchObject({ kind: 'skipped' });
    expect(result.files.find((f) => f.file === 'modules/network/security/main.tf')).toMatchObject({ kind: 'terraform-source' });
  });

  it('evaluates variables, tfvars, locals, count, for expressions, merge and cidrsubnet into the model', async () => {
    const result = await scan({ cwd: fixture('slurm-modules'), workers: false });
    const entities = [...result.model.entities.values()];
    const subnets = entities.filter((e): e is Subnet => e.type === 'Subnet' && e.name.includes('private'));
    expect(subnets.map((s) => [s.name, s.cidr.known && s.cidr.value, s.azId.known && s.azId.value])).toEqual([
      ['module.network.aws_subnet.private[0]', '10.1.16.0/20', 'usw2-az1'],
      ['module.network.aws_subnet.private[1]', '10.1.32.0/20', 'usw2-az2'],
    ]);
    expect(subnets[0]!.cidr.loc).toMatchObject({ file: 'modules/network/main.tf', line: 12 });
    const cluster = entities.find((e): e is Cluster => e.type === 'Cluster')!;
    expect(cluster.loc).toMatchObject({ file: 'modules/cluster/main.tf', line: 54 });
    const groups = Array.isArray(cluster.instanceGroups) ? cluster.instanceGroups : [];
    expect(groups.map((g) => g.name.known && g.name.value)).toEqual(['controller', 'gpu']);
    const gpu = groups[1]!;
    expect(gpu.instanceTypes).toEqual([expect.objectContaining({ known: true, value: 'ml.p5.48xlarge' })]);
    // The override subnet comes through a map output keyed by AZ ID.
    const override = gpu.overrideVpcConfig;
    expect(override?.subnets?.known && override.subnets.items).toEqual([
      expect.objectContaining({ kind: 'entity', key: expect.stringContaining('module.network.aws_subnet.private[0]') }),
    ]);
    const sg = entities.find((e): e is SecurityGroup => e.type === 'SecurityGroup')!;
    expect(sg.ingress.length).toBe(1);
  });

  it('--var-file turns a toggle off: HP010 lands on the security group line of the nested module', async () => {
    const result = await scan({ cwd: fixture('slurm-modules'), workers: false, terraform: { varFiles: ['fail-no-self-ingress.tfvars'] } });
    expect(result.findings.map((f) => `${f.ruleId}@${f.file}:${f.line}`)).toEqual(['HP010@modules/network/security/main.tf:13']);
    expect(result.files.find((f) => f.file === 'fail-no-self-ingress.tfvars')).toMatchObject({ kind: 'terraform-source' });
  });

  it('--var wins over terraform.tfvars and defaults', async () => {
    const result = await scan({
      cwd: fixture('slurm-modules'),
      workers: false,
      terraform: { vars: [{ name: 'allow_self_ingress', value: 'false' }] },
    });
    expect(result.findings.map((f) => f.ruleId)).toEqual(['HP010']);
  });
});

describe('Terraform source: the EKS modules (count toggle, for_each subnets, dynamic blocks, template directives)', () => {
  it('a valid configuration comes out clean, with nothing unverified', async () => {
    const result = await scan({ cwd: fixture('eks-modules'), workers: false });
    expect(result.findings).toEqual([]);
    expect(result.unverified).toEqual([]);
    expect(result.summary.terraform).toEqual({ read: 5, evaluated: 5, skipped: 0 });
  });

  it('builds the model: subnets keyed by AZ ID, self rules from dynamic blocks, the EKS cluster of the count toggle', async () => {
    const result = await scan({ cwd: fixture('eks-modules'), workers: false });
    const entities = [...result.model.entities.values()];
    expect(entities.map((e) => `${e.type} ${e.name}`)).toEqual([
      'Vpc module.vpc.aws_vpc.this',
      'RouteTable module.vpc.aws_vpc.this.main_route_table_id',
      'Subnet module.vpc.aws_subnet.private["use1-az2"]',
      'Subnet module.vpc.aws_subnet.private["use1-az4"]',
      'SecurityGroup module.vpc.aws_security_group.nodes',
      'RouteTable module.vpc.aws_route_table.private',
      'VpcEndpoint module.vpc.aws_vpc_endpoint.s3',
      'EksCluster module.eks_cluster[0].aws_eks_cluster.this',
      'Cluster module.hyperpod_cluster.awscc_sagemaker_cluster.this',
    ]);
    const subnets = entities.filter((e): e is Subnet => e.type === 'Subnet');
    expect(subnets.map((s) => s.cidr.known && s.cidr.value)).toEqual(['10.192.0.0/18', '10.192.64.0/18']);
    const sg = entities.find((e): e is SecurityGroup => e.type === 'SecurityGroup')!;
    expect([...sg.ingress, ...sg.egress].map((r) => [r.direction, r.protocol.known && r.protocol.value, r.peer])).toEqual([
      ['ingress', '-1', expect.objectContaining({ kind: 'self' })],
      ['egress', '-1', expect.objectContaining({ kind: 'self' })],
    ]);
    const cluster = entities.find((e): e is Cluster => e.type === 'Cluster')!;
    // "${var.resource_name_prefix}-%{if var.environment != ""}${var.environment}-%{endif}eks"
    expect(cluster.clusterName).toMatchObject({ known: true, value: 'hp-dev-eks-hp' });
    expect(cluster.region).toMatchObject({ known: true, value: 'us-east-1' });
    const eks = entities.find((e): e is EksCluster => e.type === 'EksCluster')!;
    expect(eks.name).toBe('module.eks_cluster[0].aws_eks_cluster.this');
  });

  it('the toggle off with an EKS cluster ARN in another region: HP006 on the orchestrator line', async () => {
    const result = await scan({
      cwd: fixture('eks-modules'),
      workers: false,
      terraform: {
        vars: [
          { name: 'create_eks_module', value: 'false' },
          { name: 'existing_eks_cluster_arn', value: 'arn:aws:eks:us-west-2:123456789012:cluster/other' },
          { name: 'environment', value: '' },
        ],
      },
    });
    expect(result.findings.map((f) => `${f.ruleId}@${f.file}:${f.line}`)).toEqual(['HP006@modules/hyperpod_cluster/main.tf:66']);
    expect(result.findings[0]!.message).toContain('cluster hp-eks-hp is in us-east-1');
    expect([...result.model.entities.values()].some((e) => e.type === 'EksCluster')).toBe(false);
  });
});

describe('Terraform source: inline rule blocks land on their own lines', () => {
  it('HP012 is on the static egress block and on the content of the dynamic one; HP011 on the group', async () => {
    const result = await scan({ cwd: fixture('inline-rules'), workers: false });
    expect(result.findings.filter((f) => f.ruleId.startsWith('HP01')).map((f) => `${f.ruleId} ${f.severity} ${f.line}`)).toEqual([
      'HP011 error 36',
      'HP012 warning 47',
      'HP012 warning 56',
    ]);
  });
});

describe('Terraform source: what cannot be evaluated is said, never a silent pass', () => {
  it('syntax errors are HP000 on their line; a registry module is HP090 once; an unknown count is unverified naming the file', async () => {
    const result = await scan({ cwd: fixture('hostile'), workers: false, region: 'us-west-2' });
    const hp000 = result.findings.filter((f) => f.ruleId === 'HP000');
    expect(hp000.length).toBeGreaterThan(0);
    expect(hp000[0]).toMatchObject({ file: 'broken.tf' });
    const hp090 = result.findings.filter((f) => f.ruleId === 'HP090');
    expect(hp090).toHaveLength(1);
    expect(hp090[0]).toMatchObject({ file: 'main.tf', line: 6 });
    expect(hp090[0]!.message).toContain('terraform-aws-modules/vpc/aws');
    expect(result.unverified).toContainEqual(
      expect.objectContaining({
        file: 'main.tf',
        line: 16,
        reason: expect.stringContaining('count of aws_subnet.unknown_count is not known statically'),
      }),
    );
  });
});

describe('Terraform source: the run summary counts Terraform files', () => {
  it('module directories that only call each other are skipped, and each file gets an unverified entry naming it', async () => {
    const result = await scan({ cwd: fixture('module-cycle'), workers: false });
    expect(result.findings).toEqual([]);
    expect(result.summary.terraform).toEqual({ read: 2, evaluated: 0, skipped: 2 });
    expect(result.unverified.map((u) => `${u.file}:${u.line} ${u.reason}`)).toEqual([
      'a/main.tf:1 a/main.tf was not evaluated: its module is reached only through a cycle of local module calls, so no root module evaluates it; its resources are not checked',
      'b/main.tf:1 b/main.tf was not evaluated: its module is reached only through a cycle of local module calls, so no root module evaluates it; its resources are not checked',
    ]);
    const text = toText(result, { color: false });
    expect(text.trimEnd().split('\n').at(-1)).toBe('Terraform: 2 files read, 0 evaluated, 2 skipped');
    expect(toJsonReport(result).summary.terraform).toEqual({ read: 2, evaluated: 0, skipped: 2 });
  });

  it('the text report of an evaluated configuration ends with its counts', async () => {
    const result = await scan({ cwd: fixture('slurm-modules'), workers: false });
    expect(toText(result, { color: false }).trimEnd().split('\n').at(-1)).toBe('Terraform: 9 files read, 8 evaluated, 1 skipped');
  });
});

describe('Terraform source from the built CLI (dist/)', () => {
  it('loads the parser beside the bundle and reads --var-file', () => {
    const run = spawnSync(
      process.execPath,
      [path.resolve('dist/cli/index.js'), 'scan', '.', '--var-file', 'fail-no-self-ingress.tfvars', '--format', 'json'],
      { cwd: fixture('slurm-modules'), encoding: 'utf8', env: { ...process.env, NODE_PATH: '' } },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as { findings: { ruleId: string; file: string; line: number }[] };
    expect(report.findings.map((f) => `${f.ruleId}@${f.file}:${f.line}`)).toEqual(['HP010@modules/network/security/main.tf:13']);
  }, 60_000);
});
