import { describe, expect, it } from 'vitest';
import { parseCloudFormation } from '../../src/parsers/cloudformation.js';
import { parseClusterSpec } from '../../src/parsers/cluster-spec.js';
import { parseTerraformPlan } from '../../src/parsers/terraform.js';
import { DEFAULT_LIMITS } from '../../src/engine/types.js';
import type { IamPolicy, IamPrincipal } from '../../src/model/types.js';

// Longer than V8 accepts as spread call arguments (about 120 000 on a default stack).
const COUNT = 200_000;
const opts = { limits: DEFAULT_LIMITS };

describe('lists longer than a call can take as arguments', () => {
  it('CloudFormation: a policy attached to many roles', () => {
    const text = JSON.stringify({
      Resources: {
        Policy: {
          Type: 'AWS::IAM::ManagedPolicy',
          Properties: { PolicyDocument: { Statement: [] }, Roles: new Array<string>(COUNT).fill('some-role') },
        },
      },
    });
    const parsed = parseCloudFormation('t.json', text, opts);
    expect(parsed.errors).toEqual([]);
    const policy = parsed.entities.find((e): e is IamPolicy => e.type === 'IamPolicy');
    expect(policy?.attachedTo).toHaveLength(COUNT);
    expect(policy?.attachedTo[COUNT - 1]).toMatchObject({ kind: 'id', id: 'some-role' });
  });

  it('cluster spec: a suppression comment inside an instance group', () => {
    const ids = new Array<string>(COUNT).fill('HP030').join(',');
    const text = `ClusterName: a\nInstanceGroups:\n  - InstanceGroupName: g # hyperpod-prereq-ignore: ${ids}\n    InstanceCount: 1\n`;
    const parsed = parseClusterSpec('s.yaml', text, opts);
    expect(parsed.errors).toEqual([]);
    const cluster = parsed.entities.find((e) => e.type === 'Cluster');
    const groups = cluster?.type === 'Cluster' && Array.isArray(cluster.instanceGroups) ? cluster.instanceGroups : [];
    expect(groups).toHaveLength(1);
    expect(groups[0]?.suppressions).toHaveLength(COUNT);
    expect(groups[0]?.suppressions?.[0]).toMatchObject({ ruleId: 'HP030', loc: { line: 3 } });
  });

  it('Terraform: a role with many managed policy ARNs', () => {
    const arns = Array.from({ length: COUNT }, (_, i) => `arn:aws:iam::123456789012:policy/p${i}`);
    const after = { name: 'r', assume_role_policy: '{}', managed_policy_arns: arns };
    const text = JSON.stringify({
      format_version: '1.2',
      planned_values: {
        root_module: { resources: [{ address: 'aws_iam_role.r', mode: 'managed', type: 'aws_iam_role', name: 'r', values: after }] },
      },
      resource_changes: [
        {
          address: 'aws_iam_role.r',
          mode: 'managed',
          type: 'aws_iam_role',
          name: 'r',
          change: { actions: ['create'], before: null, after, after_unknown: {} },
        },
      ],
    });
    const parsed = parseTerraformPlan('p.json', text, opts);
    expect(parsed.errors).toEqual([]);
    const role = parsed.entities.find((e): e is IamPrincipal => e.type === 'IamPrincipal');
    expect(role?.managedPolicies).toHaveLength(COUNT);
    expect(role?.managedPolicies[COUNT - 1]).toMatchObject({ kind: 'id', id: `arn:aws:iam::123456789012:policy/p${COUNT - 1}` });
  });
});

describe('cluster spec: suppression comments on many instance groups', () => {
  const groupCount = 60_000;
  const spec = (comment: string): string => {
    const lines = ['ClusterName: a', 'InstanceGroups:'];
    for (let i = 0; i < groupCount; i++) lines.push(`  - InstanceGroupName: g${i}${comment}`, '    InstanceCount: 1');
    return `${lines.join('\n')}\n`;
  };
  const cpuMs = (run: () => void): number => {
    const before = process.cpuUsage();
    run();
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000;
  };

  it('each comment lands on its own group, in time linear in the groups (not one search of every group per comment)', () => {
    const plain = spec('');
    const commented = spec(' # hyperpod-prereq-ignore: HP030');
    parseClusterSpec('s.yaml', plain, opts); // warm-up
    const plainMs = cpuMs(() => parseClusterSpec('s.yaml', plain, opts));
    let parsed = parseClusterSpec('s.yaml', commented, opts);
    const commentedMs = cpuMs(() => (parsed = parseClusterSpec('s.yaml', commented, opts)));
    const cluster = parsed.entities.find((e) => e.type === 'Cluster');
    const groups = cluster?.type === 'Cluster' && Array.isArray(cluster.instanceGroups) ? cluster.instanceGroups : [];
    expect(groups).toHaveLength(groupCount);
    expect(groups[groupCount - 1]!.suppressions).toMatchObject([{ ruleId: 'HP030', loc: { line: 2 * groupCount + 1 } }]);
    expect(groups.filter((g) => g.suppressions?.length === 1)).toHaveLength(groupCount);
    // Measured: 1.1x after the fix, 7x before (a linear search of all groups per comment).
    expect(commentedMs / plainMs).toBeLessThan(3);
  });
});
