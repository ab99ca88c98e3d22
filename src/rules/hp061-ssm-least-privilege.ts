import { defineRule } from './types.js';
import { originText, sessionGrants, statementsOf } from './util/iam.js';

export default defineRule({
  meta: {
    id: 'HP061',
    name: 'ssm-least-privilege',
    title: 'Broad SSM access to cluster nodes',
    defaultSeverity: 'warning',
    description:
      'An IAM role or user that can start SSM sessions on HyperPod cluster nodes is granted ssm:* or * (every Systems Manager ' +
      'action), or ssm:StartSession on every resource. Node access should follow least privilege: StartSession on the ' +
      'cluster ARNs the principal needs.',
    docs: 'docs/rules/HP061.md',
  },
  check(ctx) {
    // Least privilege for node access: hyperpod-reference.md §R13 [SEED].
    for (const principal of ctx.model.ofType('IamPrincipal')) {
      if (principal.sourceKind === 'account') continue;
      const { grants } = sessionGrants(statementsOf(ctx.model, principal).statements);
      const kind = principal.principalKind === 'role' ? 'IAM role' : 'IAM user';
      const seen = new Set<string>();
      for (const grant of grants) {
        if (!grant.allSsm && !grant.anyResource) continue;
        const at = grant.source.statement.loc;
        const id = `${at.file}:${at.line}:${at.column}`;
        if (seen.has(id)) continue;
        seen.add(id);
        const what: string[] = [];
        if (grant.allSsm)
          what.push(
            grant.action === 'NotAction'
              ? 'every action except those in NotAction, ssm included'
              : `${grant.action} (every Systems Manager action)`,
          );
        if (grant.anyResource) what.push('ssm:StartSession on Resource *');
        ctx.report({
          loc: at,
          resource: principal.name,
          entityKey: principal.key,
          detail: `${grant.source.policy?.name ?? grant.source.awsManaged ?? 'inline'}:${at.line}`,
          message:
            `${kind} ${principal.name} can open sessions on HyperPod cluster nodes with ${what.join(' and ')} in ${originText(grant.source)}; ` +
            'node access should be limited to ssm:StartSession on the cluster ARNs it needs.',
          fix: 'Grant ssm:StartSession (plus ssm:TerminateSession/ResumeSession on its own sessions) on arn:aws:sagemaker:<region>:<account>:cluster/<cluster-id> only.',
        });
      }
    }
  },
});
