// Parity: a Terraform configuration read from its .tf source and the equivalent plan JSON
// (`terraform show -json`, hand-written in the real format) give the same rule verdicts; scanned
// together, the plan's values win and the findings land on the same .tf lines as from source.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import type { Cluster } from '../../src/model/types.js';

const DIR = path.join('fixtures', 'terraform-source', 'parity', 'slurm');

type Scan = Awaited<ReturnType<typeof scan>>;
const verdicts = (result: Scan) => result.findings.map((f) => `${f.ruleId} ${f.severity} ${f.resource}`);
const lines = (result: Scan) => result.findings.map((f) => `${f.ruleId} ${f.severity} ${f.file}:${f.line} ${f.resource}`);

// modules/network/main.tf:25 is `resource "aws_subnet" "private" {` (count over the AZ IDs, cidrsubnet /25);
// :43 the S3 endpoint behind `count = var.create_s3_endpoint ? 1 : 0`; security/main.tf:43 the override group
// whose only rule is a separate `source_security_group_id` ingress rule.
const EXPECTED = [
  'HP030 error modules/network/main.tf:25 module.network.aws_subnet.private[1]',
  'HP021 notice modules/network/main.tf:43 module.network.aws_vpc_endpoint.s3[0]',
  'HP011 error modules/network/security/main.tf:43 module.network.module.security.aws_security_group.override',
];

describe('Terraform parity: .tf source and its plan JSON', () => {
  it('from source alone: the expected findings on their .tf lines, nothing unverified', async () => {
    const source = await scan({ cwd: DIR, workers: false, exclude: ['plan.json'] });
    expect(lines(source)).toEqual(EXPECTED);
    expect(source.unverified).toEqual([]);
    expect(source.summary.terraform).toEqual({ read: 6, evaluated: 6, skipped: 0 });
  });

  it('from the plan alone: the same rule IDs, severities and resources (at the plan lines)', async () => {
    const [source, plan] = await Promise.all([
      scan({ cwd: DIR, workers: false, exclude: ['plan.json'] }),
      scan({ cwd: DIR, workers: false, paths: ['plan.json'] }),
    ]);
    expect(verdicts(plan)).toEqual(verdicts(source));
    expect(plan.findings.every((f) => f.file === 'plan.json')).toBe(true);
    expect(plan.unverified).toEqual([]);
  });

  it('the same model: instance groups from the list variable through for + merge, the override subnet by AZ ID', async () => {
    const [source, plan] = await Promise.all([
      scan({ cwd: DIR, workers: false, exclude: ['plan.json'] }),
      scan({ cwd: DIR, workers: false, paths: ['plan.json'] }),
    ]);
    const shape = (result: Scan) => {
      const cluster = [...result.model.entities.values()].find((e): e is Cluster => e.type === 'Cluster')!;
      const groups = Array.isArray(cluster.instanceGroups) ? cluster.instanceGroups : [];
      const byId = new Map([...result.model.entities.values()].filter((e) => e.physicalId).map((e) => [e.physicalId!, e.name]));
      return groups.map((g) => {
        const subnets = g.overrideVpcConfig?.subnets;
        return {
          name: g.name.known ? g.name.value : '?',
          type: g.instanceTypes.map((t) => (t.known ? t.value : '?')),
          count: g.instanceCount.known ? g.instanceCount.value : '?',
          // Source links the subnet resource; the plan names it by its ID, which is that resource's.
          override:
            subnets?.known &&
            subnets.items.map((s) =>
              s.kind === 'entity' ? s.key.slice(s.key.indexOf('#') + 1) : s.kind === 'id' ? byId.get(s.id) : s.kind,
            ),
        };
      });
    };
    const expected = [
      { name: 'controller', type: ['ml.m5.xlarge'], count: 1, override: undefined },
      { name: 'gpu', type: ['ml.p5.48xlarge'], count: 4, override: ['module.network.aws_subnet.private[1]'] },
    ];
    expect(shape(source)).toEqual(expected);
    expect(shape(plan)).toEqual(expected);
  });

  it('plan and source together: plan values win, findings point at the same .tf lines as from source', async () => {
    const both = await scan({ cwd: DIR, workers: false });
    expect(lines(both)).toEqual(EXPECTED);
    // The plan's endpoint has AWS's default full-access policy; the source has none: the plan's value is the one read.
    const endpoint = both.findings.find((f) => f.ruleId === 'HP021')!;
    expect(endpoint.message).toContain('its policy does not limit the buckets');
    const fromSource = await scan({ cwd: DIR, workers: false, exclude: ['plan.json'] });
    expect(fromSource.findings.find((f) => f.ruleId === 'HP021')!.message).toContain('it has no endpoint policy');
    // Every .tf file and the tfvars are skipped for evaluation, each saying which plan gives the values.
    expect(both.summary.terraform).toEqual({ read: 6, evaluated: 0, skipped: 6 });
    expect(both.files.filter((f) => f.kind === 'skipped').map((f) => `${f.file}: ${f.note}`)).toEqual([
      'main.tf: values come from the plan plan.json',
      'modules/cluster/main.tf: values come from the plan plan.json',
      'modules/network/main.tf: values come from the plan plan.json',
      'modules/network/security/main.tf: values come from the plan plan.json',
      'terraform.tfvars: values come from the plan plan.json',
      'variables.tf: values come from the plan plan.json',
    ]);
    expect(both.unverified).toEqual([]);
  });

  it('attribute-level lines: a plan value is located at the attribute that writes it in the .tf file', async () => {
    const both = await scan({ cwd: DIR, workers: false });
    const cluster = [...both.model.entities.values()].find((e): e is Cluster => e.type === 'Cluster')!;
    expect(cluster.file).toBe('plan.json');
    expect(cluster.loc).toMatchObject({ file: 'modules/cluster/main.tf', line: 63 });
    const gpu = (Array.isArray(cluster.instanceGroups) ? cluster.instanceGroups : [])[1]!;
    // instance_groups = local.instance_groups (line 67)
    expect(gpu.instanceCount.loc).toMatchObject({ file: 'modules/cluster/main.tf', line: 67 });
  });

  it('count = var.create ? 1 : 0 off: no cluster from source, so no cluster findings; the groups named for EFA/HyperPod are checked without it', async () => {
    const off = await scan({
      cwd: DIR,
      workers: false,
      exclude: ['plan.json'],
      terraform: { vars: [{ name: 'create_cluster', value: 'false' }] },
    });
    expect([...off.model.entities.values()].some((e) => e.type === 'Cluster')).toBe(false);
    // No scanned cluster uses the security groups any more; their names say EFA (cluster) and HyperPod (override),
    // so HP010-HP012 check them without their cluster (docs/cross-file.md): HyperPod alone gives warnings, not errors.
    expect(lines(off)).toEqual([
      EXPECTED[1],
      'HP012 notice modules/network/security/main.tf:33 module.network.module.security.aws_security_group.cluster',
      'HP011 warning modules/network/security/main.tf:43 module.network.module.security.aws_security_group.override',
    ]);
    expect(off.checkedWithoutCluster?.map((c) => `${c.file} ${c.resource}: ${c.reason}`)).toEqual([
      'modules/network/security/main.tf module.network.module.security.aws_security_group.cluster: its name "ml-hp-efa" names EFA',
      'modules/network/security/main.tf module.network.module.security.aws_security_group.override: its description "HyperPod GPU nodes" names HyperPod',
    ]);
  });
});
