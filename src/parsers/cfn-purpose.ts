/**
 * What a CloudFormation template and its security groups are for, as written: read when no scanned
 * cluster uses a security group (src/engine/without-cluster.ts, docs/cross-file.md).
 */
import type { LinkedValue, Loc, TemplateLinks } from '../model/types.js';
import { getOwn, isPlainObject, scalarText } from './yaml-source.js';

/** `HyperPod`, `hyper-pod`, `Hyper Pod`, `SageMakerHyperPod`: the word, in any case or spacing. */
export const HYPERPOD_WORD = /hyper[\s_-]?pod/i;

/** Words of a name: camelCase, digits and separators split (`EfaSecurityGroup` → efa, security, group). */
export function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** Whether the text names EFA (a word of its own: `efa-sg`, `EfaSecurityGroup`, "EFA traffic"; not "default"). */
export const mentionsEfa = (text: string): boolean => words(text).includes('efa');

/** An `ml.*` instance type as SageMaker writes it (ml.p5.48xlarge). */
const ML_TYPE = /^ml\.[a-z0-9-]+\.[a-z0-9]+$/;

/** SageMaker resources that take `ml.*` instance types and are not HyperPod (notebooks, endpoints, Studio, ...). */
const OTHER_SAGEMAKER = /^AWS::SageMaker::(?!Cluster$)/;

/**
 * Template-level signs of HyperPod: a parameter whose name or description names HyperPod or instance groups,
 * a parameter whose default, allowed values or linked value is an `ml.*` instance type (unless the template
 * declares other SageMaker resources, which take them too), and a Description that names HyperPod.
 */
export function templateSigns(
  root: Record<string, unknown>,
  resourceTypes: Iterable<string>,
  given: Record<string, LinkedValue> | undefined,
  locOf: (parameter: string | undefined) => Loc,
): NonNullable<TemplateLinks['hyperpodSigns']> {
  const signs: NonNullable<TemplateLinks['hyperpodSigns']> = [];
  const types = [...resourceTypes];
  const otherSageMaker = types.some((type) => OTHER_SAGEMAKER.test(type));
  // EMR has instance groups of its own.
  const emr = types.some((type) => type.startsWith('AWS::EMR::'));
  const parameters = getOwn(root, 'Parameters');
  if (isPlainObject(parameters)) {
    for (const name of Object.keys(parameters)) {
      const parameter = getOwn(parameters, name);
      const description = scalarText(getOwn(parameter, 'Description')) ?? '';
      const fallback = scalarText(getOwn(parameter, 'Default')) ?? '';
      if (HYPERPOD_WORD.test(name) || HYPERPOD_WORD.test(description) || HYPERPOD_WORD.test(fallback)) {
        signs.push({ what: `parameter ${name} names HyperPod`, loc: locOf(name) });
        continue;
      }
      if (!emr && (words(name).join('').includes('instancegroup') || /\binstance groups?\b/i.test(description))) {
        signs.push({ what: `parameter ${name} is a HyperPod instance-group setting`, loc: locOf(name) });
        continue;
      }
      if (otherSageMaker) continue;
      const values: unknown[] = [getOwn(parameter, 'Default')];
      const allowed = getOwn(parameter, 'AllowedValues');
      if (Array.isArray(allowed)) values.push(...allowed);
      const linked = given?.[name];
      if (typeof linked === 'string') values.push(linked);
      const mlTypes = [
        ...new Set(
          values
            .map((v) => scalarText(v))
            .filter((v): v is string => v !== undefined)
            .flatMap((v) => v.split(','))
            .map((v) => v.trim())
            .filter((v) => ML_TYPE.test(v)),
        ),
      ];
      if (mlTypes.length) {
        signs.push({
          what: `parameter ${name} takes ${mlTypes.join(', ')}`,
          loc: locOf(name),
          instanceTypes: mlTypes,
        });
      }
    }
  }
  const description = scalarText(getOwn(root, 'Description'));
  if (description !== undefined && (HYPERPOD_WORD.test(description) || mentionsEfa(description))) {
    const efa = mentionsEfa(description);
    signs.push({ what: `its Description names ${efa ? 'EFA' : 'HyperPod'}`, loc: locOf(undefined), ...(efa ? { efa } : {}) });
  }
  return signs;
}

/** Resource types that attach a node security group without saying it is for something else. */
const NODE_SIDE = new Set([
  'AWS::SageMaker::Cluster',
  'AWS::EKS::Cluster',
  'AWS::EKS::Nodegroup',
  'AWS::FSx::FileSystem',
  'AWS::EC2::SecurityGroup',
  'AWS::EC2::SecurityGroupIngress',
  'AWS::EC2::SecurityGroupEgress',
  'AWS::CloudFormation::Stack',
  'AWS::CloudFormation::CustomResource',
  'AWS::SSM::Parameter',
]);

/** `Ref: X`, `Fn::GetAtt: [X, GroupId]` or `X.GroupId`: the logical ID referenced, if any. */
function referencedId(value: unknown): string | undefined {
  if (!isPlainObject(value)) return undefined;
  const ref = getOwn(value, 'Ref');
  if (typeof ref === 'string') return ref;
  const att = getOwn(value, 'Fn::GetAtt');
  if (typeof att === 'string') return att.endsWith('.GroupId') ? att.slice(0, -'.GroupId'.length) : undefined;
  if (Array.isArray(att) && att[1] === 'GroupId' && typeof att[0] === 'string') return att[0];
  return undefined;
}

/**
 * For each security group of the template, the other resources that attach it under a `*SecurityGroup*` key
 * (`SecurityGroupIds`, `VpcSecurityGroupIds`, ...) and are not cluster nodes: `SsmEndpoint (AWS::EC2::VPCEndpoint)`.
 */
export function groupAttachments(resources: Record<string, unknown>, groups: Set<string>): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const id of Object.keys(resources)) {
    const type = scalarText(getOwn(getOwn(resources, id), 'Type')) ?? '';
    if (NODE_SIDE.has(type) || type.startsWith('Custom::')) continue;
    const seen = new Set<string>();
    const walk = (value: unknown, underGroupKey: boolean, depth: number): void => {
      if (depth > 12) return;
      const target = underGroupKey ? referencedId(value) : undefined;
      if (target !== undefined) {
        if (groups.has(target) && !seen.has(target)) {
          seen.add(target);
          found.set(target, [...(found.get(target) ?? []), `${id} (${type})`]);
        }
        return;
      }
      if (Array.isArray(value)) for (const item of value) walk(item, underGroupKey, depth + 1);
      else if (isPlainObject(value)) {
        for (const key of Object.keys(value)) walk(getOwn(value, key), underGroupKey || /securitygroup/i.test(key), depth + 1);
      }
    };
    walk(getOwn(getOwn(resources, id), 'Properties'), false, 0);
  }
  return found;
}
