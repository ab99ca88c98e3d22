import { defineRule } from './types.js';
import { originText, sessionGrants, statementsOf, type SessionGrant } from './util/iam.js';

/** Tag that maps an IAM principal to an OS user: hyperpod-reference.md §R13 [SSM-RUNAS]. */
export const RUN_AS_TAG = 'SSMSessionRunAs';

export function grantText(grant: SessionGrant): string {
  const action = grant.action === 'NotAction' ? 'an Allow with NotAction' : grant.action;
  return `${action} on ${grant.resources.join(', ')} in ${originText(grant.source)}`;
}

export default defineRule({
  meta: {
    id: 'HP060',
    name: 'ssm-run-as-tag',
    title: 'Principal with SSM access to cluster nodes has no usable SSMSessionRunAs tag',
    defaultSeverity: 'warning',
    description:
      'An IAM role or user allowed ssm:StartSession on HyperPod cluster nodes (resource arn:aws:sagemaker:...:cluster/... or *) ' +
      'has no SSMSessionRunAs tag, or the tag is empty or root. Session Manager Run As maps each principal to an OS user ' +
      'through this tag, and root is not allowed.',
    docs: 'docs/rules/HP060.md',
  },
  check(ctx) {
    for (const principal of ctx.model.ofType('IamPrincipal')) {
      if (principal.sourceKind === 'account') continue;
      // A role only AWS services can assume (its trust policy names service principals only) is no person's
      // session: Run As tags map people to OS users (hyperpod-reference.md §R13 [SSM-RUNAS]).
      if (principal.trustedServicesOnly) continue;
      const { statements, unknown } = statementsOf(ctx.model, principal);
      const { grants, unknown: unreadable } = sessionGrants(statements);
      if (grants.length === 0) {
        for (const item of unknown)
          ctx.unverified({ file: item.loc.file, line: item.loc.line, resource: principal.name, reason: `SSM access: ${item.reason}` });
        for (const item of unreadable) {
          ctx.unverified({
            file: item.statement.loc.file,
            line: item.statement.loc.line,
            resource: principal.name,
            reason: `SSM access of ${principal.name}: a policy statement cannot be evaluated`,
          });
        }
        continue;
      }
      const kind = principal.principalKind === 'role' ? 'IAM role' : 'IAM user';
      const access = `${kind} ${principal.name} may start SSM sessions on HyperPod cluster nodes (${grantText(grants[0]!)})`;
      if (!principal.tags.known) {
        const at = principal.tagsLoc ?? principal.loc;
        ctx.unverified({
          file: at.file,
          line: at.line,
          resource: principal.name,
          reason: `tags of ${principal.name}: ${principal.tags.reason}`,
        });
        continue;
      }
      const key = Object.keys(principal.tags.value).find((k) => k.toLowerCase() === RUN_AS_TAG.toLowerCase());
      const common = { resource: principal.name, entityKey: principal.key, detail: RUN_AS_TAG };
      if (key === undefined) {
        ctx.report({
          ...common,
          loc: principal.loc,
          message: `${access} but has no ${RUN_AS_TAG} tag, so Session Manager Run As cannot map it to its own OS user.`,
          fix: `Add the tag ${RUN_AS_TAG} with the OS user name the principal should log in as (not root), and enable Run As in the Session Manager preferences.`,
        });
        continue;
      }
      const value = principal.tags.value[key]!;
      if (!value.known) {
        const at = value.loc ?? principal.tagsLoc ?? principal.loc;
        ctx.unverified({
          file: at.file,
          line: at.line,
          resource: principal.name,
          reason: `${RUN_AS_TAG} tag of ${principal.name}: ${value.reason}`,
        });
        continue;
      }
      const user = value.value.trim();
      if (user !== '' && user !== 'root') continue;
      ctx.report({
        ...common,
        loc: value.loc ?? principal.tagsLoc ?? principal.loc,
        message:
          user === ''
            ? `${access} but its ${RUN_AS_TAG} tag is empty, so Session Manager Run As has no OS user to map it to.`
            : `${access} but its ${RUN_AS_TAG} tag is root, which Session Manager Run As does not allow.`,
        fix: `Set ${RUN_AS_TAG} to a named, non-root OS user that exists on the cluster nodes.`,
      });
    }
  },
});
