/**
 * HP008: cluster specs and AWS::SageMaker::Cluster properties must be valid against AWS's own
 * models: the SageMaker service model (botocore) and the CloudFormation resource schema, generated
 * into src/data/sagemaker-api-model.json by scripts/gen-api-model.mjs.
 */
import { defineRule } from './types.js';
import type { Cluster, Loc, RawValue } from '../model/types.js';
import { API_MODEL_SOURCE, CFN_SCHEMA_SOURCE } from '../data/sagemaker-api-model.js';
import { stageText, validateApi, validateCfn, type ApiIssue, type ValidateOptions } from './util/api-validate.js';
import { clusterLabel } from './util/cluster.js';

/**
 * Checks other rules make with more context, so each problem is reported once: the instance-type
 * enum (HP007, with the closest valid types) and VpcConfig subnet/security-group counts and IDs (HP002).
 */
/** `shape`: a SageMaker API shape name, or (CloudFormation schema) the property path with `[]` for list indexes. */
export const OWNED_ELSEWHERE: ValidateOptions['ownedElsewhere'] = (shape, check) =>
  (check === 'enum' && (shape === 'ClusterInstanceType' || /(^|\.)InstanceType$|InstanceTypes\[\]$/.test(shape))) ||
  ((check === 'length' || check === 'pattern') &&
    (['Subnets', 'VpcSecurityGroupIds', 'SubnetId', 'SecurityGroupId'].includes(shape) ||
      /(^|\.)(VpcConfig|OverrideVpcConfig)\.(Subnets|SecurityGroupIds)(\[\])?$/.test(shape))) ||
  (check === 'required' && (shape === 'VpcConfig' || /(^|\.)(VpcConfig|OverrideVpcConfig)$/.test(shape)));

const GROUP_LISTS = ['InstanceGroups', 'RestrictedInstanceGroups'];

function member(value: RawValue, key: string): { keyLoc: Loc; value: RawValue } | undefined {
  return value.kind === 'object' ? value.members.find((m) => m.key === key) : undefined;
}

/** Instance groups of a request body, a bare group list, or resource properties (CloudFormation or awscc names). */
function groupItems(body: RawValue, shape: string, nameKeys: { lists: string[]; name: string }): { item: RawValue; path: string }[] {
  if (body.kind === 'list' && shape === 'ClusterInstanceGroupSpecifications')
    return body.items.map((item, i) => ({ item, path: `InstanceGroups[${i}]` }));
  const items: { item: RawValue; path: string }[] = [];
  for (const key of nameKeys.lists) {
    const list = member(body, key)?.value;
    if (list?.kind === 'list') list.items.forEach((item, i) => items.push({ item, path: `${key}[${i}]` }));
  }
  return items;
}

/** InstanceGroupName must be unique among the groups (and restricted groups) of a cluster: SageMaker CreateCluster. */
function duplicateNames(body: RawValue, shape: string, names: { lists: string[]; name: string }, stage: ApiIssue['stage']): ApiIssue[] {
  const seen = new Map<string, string>();
  const issues: ApiIssue[] = [];
  for (const { item, path } of groupItems(body, shape, names)) {
    const name = member(item, names.name);
    if (!name || name.value.kind !== 'scalar' || typeof name.value.value !== 'string') continue;
    const first = seen.get(name.value.value);
    if (first === undefined) seen.set(name.value.value, path);
    else
      issues.push({
        loc: name.keyLoc,
        stage: stage === 'client' ? 'api' : stage,
        path: `${path}.${names.name}`,
        message: `${path}.${names.name} "${name.value.value}" is already the name of ${first}; instance group names must be unique in a cluster`,
        fix: 'Give each instance group its own name.',
      });
  }
  return issues;
}

function snakeToPascal(key: string): string {
  return key.replace(/(^|_)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

/** awscc attributes (snake_case) renamed to their CloudFormation names, which the awscc provider derives them from. */
function awsccToCfn(value: RawValue): RawValue {
  if (value.kind === 'object')
    return { ...value, members: value.members.map((m) => ({ ...m, key: snakeToPascal(m.key), value: awsccToCfn(m.value) })) };
  if (value.kind === 'list') return { ...value, items: value.items.map(awsccToCfn) };
  return value;
}

export function checkRequest(cluster: Cluster): { issues: ApiIssue[]; unknowns: { loc: Loc; path: string; reason: string }[] } | undefined {
  const request = cluster.request;
  if (!request) return undefined;
  if (request.schema === 'sagemaker') {
    const result = validateApi(request.body, request.shape, { ownedElsewhere: OWNED_ELSEWHERE });
    result.issues.push(...duplicateNames(request.body, request.shape, { lists: GROUP_LISTS, name: 'InstanceGroupName' }, 'api'));
    return result;
  }
  const body = request.schema === 'awscc' ? awsccToCfn(request.body) : request.body;
  const result = validateCfn(body, { ownedElsewhere: OWNED_ELSEWHERE, caseInsensitive: request.schema === 'awscc' });
  result.issues.push(...duplicateNames(body, 'cloudformation', { lists: GROUP_LISTS, name: 'InstanceGroupName' }, 'cloudformation'));
  return result;
}

export default defineRule({
  meta: {
    id: 'HP008',
    name: 'api-model',
    title: 'Cluster request does not match the SageMaker API model',
    defaultSeverity: 'error',
    description:
      'A CreateCluster/UpdateCluster body, instance-group file, VpcConfig file, or AWS::SageMaker::Cluster resource has an unknown ' +
      'member (with the closest valid name), lacks a required member, has a value of the wrong type, or breaks a limit, pattern ' +
      'or enum of the SageMaker service model (or the CloudFormation resource schema), or repeats an InstanceGroupName. ' +
      'The message says whether the AWS CLI rejects the request before sending it or the API rejects it at deploy time.',
    docs: 'docs/rules/HP008.md',
  },
  check(ctx) {
    for (const cluster of ctx.model.ofType('Cluster')) {
      const result = checkRequest(cluster);
      if (!result) continue;
      const name = clusterLabel(cluster);
      const subject = cluster.clusterName.known ? `Cluster ${name}: ` : '';
      const model =
        cluster.request!.schema === 'sagemaker'
          ? `SageMaker API model, botocore ${API_MODEL_SOURCE.botocoreVersion} of ${API_MODEL_SOURCE.modelDate}`
          : `AWS::SageMaker::Cluster schema, ${CFN_SCHEMA_SOURCE}`;
      for (const issue of result.issues) {
        ctx.report({
          loc: issue.loc,
          resource: cluster.name,
          entityKey: cluster.key,
          detail: `${issue.path}:${issue.stage}`,
          message: `${subject}${issue.message}. ${stageText(issue.stage)}; ${model}.`,
          fix: issue.fix,
        });
      }
      if (result.unknowns.length > 0) {
        const first = result.unknowns[0]!;
        ctx.unverified({
          file: first.loc.file,
          line: first.loc.line,
          resource: cluster.name,
          reason:
            `${result.unknowns.length} value${result.unknowns.length > 1 ? 's' : ''} of ${cluster.clusterName.known ? `cluster ${name}` : cluster.file} not checked against the ${model.replace(/,.*/, '')}: ` +
            result.unknowns
              .slice(0, 3)
              .map((u) => `${u.path || 'the request'} (${u.reason})`)
              .join('; ') +
            (result.unknowns.length > 3 ? '; …' : ''),
        });
      }
    }
  },
});
