/**
 * SageMaker HyperPod cluster specs → one Cluster entity.
 *
 * Shapes (hyperpod-reference.md §0, §2 [BOTO][ADT-README]): a CreateCluster or UpdateCluster request
 * body (JSON or YAML, PascalCase API names), a bare array of instance groups
 * (`--instance-groups file://…`), or a bare VpcConfig object (`--vpc-config file://…`).
 * Comment suppressions: `# hyperpod-prereq-ignore: HP030 reason="..." expires=2027-03-01` in the
 * leading comment block apply to the file; elsewhere to the instance group containing the comment
 * or directly following it. In a bare group list, header comments that touch the first group (no
 * blank line between) belong to that group.
 */
import { appendAll } from '../util/arrays.js';
import type {
  Cluster,
  InputError,
  InstanceGroup,
  Loc,
  ParsedFile,
  RawRequest,
  Ref,
  RefList,
  Suppression,
  Val,
  VpcConfig,
} from '../model/types.js';
import { rawValue, specPlaceholder } from './raw-value.js';
import { known, unknown } from '../model/types.js';
import type { ParseOptions } from '../engine/types.js';
import { getOwn, hasOwn, isIsoDate, isPlainObject, isRuleId, readYamlInput, scalarText, type YamlSource } from './yaml-source.js';

/** Request keys that mark a cluster spec body (hyperpod-reference.md §2 [BOTO]). */
const REQUEST_KEYS = ['ClusterName', 'InstanceGroups', 'RestrictedInstanceGroups', 'VpcConfig', 'Orchestrator', 'InstanceGroupsToDelete'];

const REGION_KEY = /^(aws[_-]?)?region$/i;
const REGION_VALUE = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const SUPPRESSION_COMMENT = /(?:^|\s)#\s*hyperpod-prereq-ignore\b\s*:?(.*)$/;

export function parseClusterSpec(file: string, text: string, opts: ParseOptions): ParsedFile {
  const parsed: ParsedFile = { file, kind: 'cluster-spec', entities: [], errors: [], unverified: [], suppressions: [] };
  return readYamlInput(parsed, text, { limits: opts.limits, cfnTags: false }, 'cluster spec', (source) =>
    new SpecBuilder(file, source, opts, parsed).build(),
  );
}

interface GroupSpan {
  group: InstanceGroup;
  startLine: number;
  endLine: number;
}

class SpecBuilder {
  private readonly groups: GroupSpan[] = [];
  private rootIsList = false;

  constructor(
    private readonly file: string,
    private readonly src: YamlSource,
    private readonly opts: ParseOptions,
    private readonly out: ParsedFile,
  ) {}

  build(): void {
    const root = this.src.documents[0];
    const rootLoc = this.src.rootLocs[0] ?? this.lineLoc(1);
    if (this.src.documents.length > 1) this.note(rootLoc, 'only the first YAML document of the file is read as a cluster spec');
    let cluster: Cluster | undefined;
    let isBareVpc = false;
    this.rootIsList = Array.isArray(root);
    if (Array.isArray(root)) cluster = this.fromGroupArray(root, rootLoc);
    else if (isPlainObject(root)) {
      isBareVpc = (hasOwn(root, 'Subnets') || hasOwn(root, 'SecurityGroupIds')) && !REQUEST_KEYS.some((k) => hasOwn(root, k));
      cluster = isBareVpc ? this.fromVpcConfig(root, rootLoc) : this.fromRequest(root, rootLoc);
    } else {
      this.error(rootLoc, 'a cluster spec must be a mapping (CreateCluster/UpdateCluster body, VpcConfig) or a list of instance groups');
      return;
    }
    this.applyComments(rootLoc);
    cluster.request = this.request(root, rootLoc, isBareVpc ? 'VpcConfig' : undefined, cluster);
    this.out.entities.push(cluster);
  }

  // ---- helpers -------------------------------------------------------------------------------

  private lineLoc(line: number): Loc {
    return { file: this.file, line, column: 1, endLine: line, endColumn: 1 };
  }

  private error(loc: Loc, message: string): void {
    const error: InputError = { file: this.file, line: loc.line, column: loc.column, message };
    this.out.errors.push(error);
  }

  private note(loc: Loc | undefined, reason: string, resource?: string): void {
    this.out.unverified.push({ file: this.file, line: loc?.line, resource, reason });
  }

  private loc(obj: unknown, key: string): Loc {
    return this.src.locOf(obj, key) ?? this.lineLoc(1);
  }

  private str(obj: unknown, key: string, fallback: Loc): Val<string> {
    if (!hasOwn(obj, key)) return unknown(`no ${key}`, fallback);
    const value = getOwn(obj, key);
    const loc = this.loc(obj, key);
    return typeof value === 'string' ? known(value, loc) : unknown(`${key} is not a string`, loc);
  }

  private num(obj: unknown, key: string, fallback: Loc): Val<number> {
    if (!hasOwn(obj, key)) return unknown(`no ${key}`, fallback);
    const value = getOwn(obj, key);
    const loc = this.loc(obj, key);
    if (typeof value === 'number' && Number.isFinite(value)) return known(value, loc);
    if (typeof value === 'string' && /^\d+$/.test(value.trim())) return known(Number(value), loc);
    return unknown(`${key} is not a number`, loc);
  }

  private idRef(value: unknown, loc: Loc): Ref {
    const text = scalarText(value);
    if (text !== undefined && text.trim() !== '') return { kind: 'id', id: text.trim(), loc };
    return { kind: 'unknown', reason: 'not an ID', loc };
  }

  private refList(obj: unknown, key: string): RefList | undefined {
    if (!hasOwn(obj, key)) return undefined;
    const value = getOwn(obj, key);
    const keyLoc = this.src.keyLocOf(obj, key) ?? this.loc(obj, key);
    if (!Array.isArray(value)) return unknown(`${key} is not a list`, this.loc(obj, key));
    return { known: true, items: value.map((v, i) => this.idRef(v, this.src.locOf(value, i) ?? keyLoc)), loc: keyLoc };
  }

  private vpcConfig(obj: Record<string, unknown>, loc: Loc): VpcConfig {
    const config: VpcConfig = { loc };
    const subnets = this.refList(obj, 'Subnets');
    const groups = this.refList(obj, 'SecurityGroupIds');
    if (subnets) config.subnets = subnets;
    if (groups) config.securityGroups = groups;
    return config;
  }

  private region(root: Record<string, unknown>): Val<string> | undefined {
    for (const key of Object.keys(root)) {
      const value = root[key];
      if (REGION_KEY.test(key) && typeof value === 'string' && REGION_VALUE.test(value)) {
        this.out.region = value;
        return known(value, this.loc(root, key));
      }
    }
    return this.opts.region ? known(this.opts.region) : undefined;
  }

  private newCluster(name: string | undefined, loc: Loc, region: Val<string> | undefined): Cluster {
    const cluster: Cluster = {
      key: `${this.file}#${name ?? 'cluster'}`,
      type: 'Cluster',
      name: name ?? 'cluster',
      file: this.file,
      sourceKind: 'cluster-spec',
      loc,
      clusterName: name !== undefined ? known(name, loc) : unknown('cluster name is not in this file', loc),
      orchestrator: unknown('the orchestrator is not in this file', loc),
      instanceGroups: [],
      isUpdate: false,
    };
    if (region) cluster.region = region;
    return cluster;
  }

  /** First line of a node (the whole root spans the file). */
  private headLoc(loc: Loc): Loc {
    return { ...loc, endLine: loc.line, endColumn: loc.line === loc.endLine ? loc.endColumn : loc.column + 1 };
  }

  /** The body as written, for HP008: the API shape it is passed as (the CLI's --cli-input-json/--instance-groups/--vpc-config). */
  private request(root: unknown, rootLoc: Loc, bareShape: string | undefined, cluster: Cluster): RawRequest {
    const shape = Array.isArray(root)
      ? 'ClusterInstanceGroupSpecifications'
      : (bareShape ?? (cluster.isUpdate ? 'UpdateClusterRequest' : 'CreateClusterRequest'));
    // The tool's own `region` key (read above) is not part of the request.
    const isRegionKey = (key: string) => !Array.isArray(root) && REGION_KEY.test(key) && typeof getOwn(root, key) === 'string';
    return { schema: 'sagemaker', shape, body: rawValue(this.src, root, this.headLoc(rootLoc), specPlaceholder, isRegionKey) };
  }

  // ---- shapes --------------------------------------------------------------------------------

  private fromRequest(root: Record<string, unknown>, rootLoc: Loc): Cluster {
    const nameValue = getOwn(root, 'ClusterName');
    const nameLoc = hasOwn(root, 'ClusterName')
      ? spanLoc(this.src.keyLocOf(root, 'ClusterName')!, this.loc(root, 'ClusterName'))
      : this.headLoc(rootLoc);
    // UpdateCluster takes a name or an ARN (hyperpod-reference.md §2 [BOTO]).
    const isArn = typeof nameValue === 'string' && nameValue.startsWith('arn:');
    const name =
      typeof nameValue === 'string' && nameValue !== '' ? (isArn ? nameValue.slice(nameValue.lastIndexOf('/') + 1) : nameValue) : undefined;
    const cluster = this.newCluster(name, nameLoc, this.region(root));
    if (hasOwn(root, 'ClusterName')) {
      cluster.clusterName =
        typeof nameValue === 'string'
          ? known(nameValue, this.loc(root, 'ClusterName'))
          : unknown('ClusterName is not a string', this.loc(root, 'ClusterName'));
    }
    // UpdateCluster has InstanceGroupsToDelete and no VpcConfig/Tags (hyperpod-reference.md §2 [BOTO]).
    cluster.isUpdate =
      hasOwn(root, 'InstanceGroupsToDelete') ||
      isArn ||
      (!hasOwn(root, 'VpcConfig') && !hasOwn(root, 'Tags') && /update/i.test(this.file.split('/').pop() ?? ''));
    if (hasOwn(root, 'VpcConfig')) {
      const value = root.VpcConfig;
      const keyLoc = this.src.keyLocOf(root, 'VpcConfig') ?? this.loc(root, 'VpcConfig');
      if (isPlainObject(value)) cluster.vpcConfig = this.vpcConfig(value, keyLoc);
      else {
        cluster.vpcConfig = { loc: keyLoc };
        this.note(keyLoc, 'VpcConfig is not a mapping', cluster.name);
      }
    }
    if (hasOwn(root, 'Orchestrator')) {
      const orchestrator = root.Orchestrator;
      const keyLoc = this.src.keyLocOf(root, 'Orchestrator') ?? this.loc(root, 'Orchestrator');
      cluster.orchestratorLoc = keyLoc;
      // EKS when Orchestrator.Eks is set, otherwise Slurm (rules.md).
      if (hasOwn(orchestrator, 'Eks')) {
        cluster.orchestrator = known('eks', keyLoc);
        const eks = getOwn(orchestrator, 'Eks');
        if (hasOwn(eks, 'ClusterArn')) {
          const arn = getOwn(eks, 'ClusterArn');
          const arnLoc = this.loc(eks, 'ClusterArn');
          cluster.eksClusterArn = typeof arn === 'string' ? known(arn, arnLoc) : unknown('ClusterArn is not a string', arnLoc);
          cluster.eksCluster = this.idRef(arn, arnLoc);
        }
      } else if (isPlainObject(orchestrator)) cluster.orchestrator = known('slurm', keyLoc);
      else cluster.orchestrator = unknown('Orchestrator is not a mapping', keyLoc);
    } else if (!cluster.isUpdate) {
      cluster.orchestrator = known('slurm');
    } else {
      cluster.orchestrator = unknown('UpdateCluster body does not restate the orchestrator', nameLoc);
    }
    const groups: InstanceGroup[] = [];
    let sawGroups = false;
    for (const key of ['InstanceGroups', 'RestrictedInstanceGroups']) {
      if (!hasOwn(root, key)) continue;
      sawGroups = true;
      const list = root[key];
      if (!Array.isArray(list)) {
        cluster.instanceGroups = unknown(`${key} is not a list`, this.loc(root, key));
        cluster.notVisible = `${key} is not a list`;
        this.note(this.loc(root, key), cluster.notVisible, cluster.name);
        return cluster;
      }
      appendAll(groups, this.groupList(list, cluster.name));
    }
    cluster.instanceGroups = groups;
    if (!sawGroups && cluster.isUpdate) this.note(nameLoc, 'UpdateCluster body without instance groups', cluster.name);
    return cluster;
  }

  private fromGroupArray(root: unknown[], rootLoc: Loc): Cluster {
    const cluster = this.newCluster(undefined, this.headLoc(rootLoc), this.opts.region ? known(this.opts.region) : undefined);
    cluster.orchestrator = unknown('instance-group file: the orchestrator is passed separately', cluster.loc);
    cluster.instanceGroups = this.groupList(root, cluster.name);
    this.note(cluster.loc, 'instance-group file: VpcConfig and orchestrator are passed separately and are not checked', cluster.name);
    return cluster;
  }

  private fromVpcConfig(root: Record<string, unknown>, rootLoc: Loc): Cluster {
    const cluster = this.newCluster(undefined, this.headLoc(rootLoc), this.opts.region ? known(this.opts.region) : undefined);
    cluster.vpcConfig = this.vpcConfig(root, this.headLoc(rootLoc));
    cluster.instanceGroups = unknown('VpcConfig file: instance groups are passed separately', cluster.loc);
    this.note(cluster.loc, 'VpcConfig file: instance groups and orchestrator are passed separately', cluster.name);
    return cluster;
  }

  private groupList(list: unknown[], clusterName: string): InstanceGroup[] {
    const groups: InstanceGroup[] = [];
    list.forEach((item, index) => {
      const loc = this.src.locOf(list, index) ?? this.lineLoc(1);
      if (!isPlainObject(item)) {
        this.note(loc, 'an instance group is not a mapping; not checked', clusterName);
        return;
      }
      const group = this.instanceGroup(item, loc);
      groups.push(group);
      this.groups.push({ group, startLine: loc.line, endLine: loc.endLine });
    });
    return groups;
  }

  private instanceGroup(obj: Record<string, unknown>, loc: Loc): InstanceGroup {
    const group: InstanceGroup = {
      name: this.str(obj, 'InstanceGroupName', loc),
      loc,
      instanceTypes: [],
      instanceCount: this.num(obj, 'InstanceCount', loc),
      fsxMounts: [],
    };
    if (hasOwn(obj, 'InstanceCount')) group.instanceCountLoc = this.loc(obj, 'InstanceCount');
    if (hasOwn(obj, 'InstanceType')) {
      group.instanceTypes = [this.str(obj, 'InstanceType', loc)];
      group.instanceTypeLoc = this.loc(obj, 'InstanceType');
    } else {
      const requirements = getOwn(obj, 'InstanceRequirements');
      const types = getOwn(requirements, 'InstanceTypes');
      if (hasOwn(requirements, 'InstanceTypes')) {
        group.instanceTypeLoc = this.loc(requirements, 'InstanceTypes');
        group.instanceTypes = Array.isArray(types)
          ? types.map((t, i) => {
              const itemLoc = this.src.locOf(types, i) ?? group.instanceTypeLoc!;
              return typeof t === 'string' ? known(t, itemLoc) : unknown('instance type is not a string', itemLoc);
            })
          : [unknown('InstanceTypes is not a list', group.instanceTypeLoc)];
      }
    }
    const override = getOwn(obj, 'OverrideVpcConfig');
    if (hasOwn(obj, 'OverrideVpcConfig')) {
      const keyLoc = this.src.keyLocOf(obj, 'OverrideVpcConfig') ?? loc;
      group.overrideVpcConfig = isPlainObject(override) ? this.vpcConfig(override, keyLoc) : { loc: keyLoc };
    }
    const lifeCycle = getOwn(obj, 'LifeCycleConfig');
    if (hasOwn(lifeCycle, 'SourceS3Uri')) group.lifeCycleSourceS3Uri = this.str(lifeCycle, 'SourceS3Uri', loc);
    if (hasOwn(obj, 'ExecutionRole')) group.executionRole = this.idRef(obj.ExecutionRole, this.loc(obj, 'ExecutionRole'));
    const network = getOwn(obj, 'NetworkInterface');
    if (hasOwn(network, 'InterfaceType')) group.interfaceType = this.str(network, 'InterfaceType', loc);
    const storage = getOwn(obj, 'InstanceStorageConfigs');
    if (Array.isArray(storage)) {
      for (const config of storage) {
        const fsx = getOwn(config, 'FsxLustreConfig');
        if (hasOwn(fsx, 'DnsName')) group.fsxMounts.push(this.str(fsx, 'DnsName', loc));
      }
    }
    return group;
  }

  // ---- comment suppressions ------------------------------------------------------------------

  private insideString(offset: number): boolean {
    const ranges = this.src.stringRanges;
    let low = 0;
    let high = ranges.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const [start, end] = ranges[mid]!;
      if (offset < start) high = mid - 1;
      else if (offset >= end) low = mid + 1;
      else return true;
    }
    return false;
  }

  private applyComments(rootLoc: Loc): void {
    const text = this.src.text;
    if (!text.includes('hyperpod-prereq-ignore')) return;
    const rawLines = text.split('\n');
    const lines = rawLines.map((line) => line.replace(/\r$/, ''));
    let offset = 0;
    const lineOffsets = rawLines.map((line) => {
      const start = offset;
      offset += line.length + 1;
      return start;
    });
    const isContent = (line: string): boolean => {
      const trimmed = line.trim();
      return trimmed !== '' && !trimmed.startsWith('#') && trimmed !== '---';
    };
    // Instance groups are sibling list items, so their line spans do not nest: each line and each
    // start line maps to the first group (in list order) on it, as a linear search would find.
    const groupOnLine = new Map<number, GroupSpan>();
    const groupStartingOn = new Map<number, GroupSpan>();
    for (const span of this.groups) {
      if (!groupStartingOn.has(span.startLine)) groupStartingOn.set(span.startLine, span);
      for (let line = span.startLine; line <= span.endLine; line++) if (!groupOnLine.has(line)) groupOnLine.set(line, span);
    }
    lines.forEach((line, index) => {
      const match = SUPPRESSION_COMMENT.exec(line);
      if (!match) return;
      const hash = line.indexOf('#', match.index);
      if (this.insideString(lineOffsets[index]! + hash)) return;
      const lineNo = index + 1;
      const loc: Loc = { file: this.file, line: lineNo, column: hash + 1, endLine: lineNo, endColumn: line.trimEnd().length + 1 };
      const parsed = parseDirective(match[1]!.replace(/\r$/, ''));
      if (typeof parsed === 'string') {
        this.note(loc, `invalid suppression comment: ${parsed}`);
        return;
      }
      const suppressions = parsed.map((s) => ({ ...s, loc }));
      if (lineNo < rootLoc.line && !isContent(line)) {
        // In a bare group list, a comment touching the first group (no blank line) belongs to it.
        const touchesFirstGroup = this.rootIsList && lines.slice(index + 1, rootLoc.line - 1).every((l) => l.trim().startsWith('#'));
        if (!touchesFirstGroup) {
          appendAll(this.out.suppressions, suppressions);
          return;
        }
      }
      let target = groupOnLine.get(lineNo);
      if (!target && !isContent(line)) {
        let next = index + 1;
        while (next < lines.length && (!isContent(lines[next]!) || lines[next]!.trim() === '-')) next++;
        target = groupStartingOn.get(next + 1);
      }
      if (!target) {
        this.note(loc, 'suppression comment is neither in the file header nor in or before an instance group; ignored');
        return;
      }
      appendAll((target.group.suppressions ??= []), suppressions);
    });
  }
}

/** `HP030 reason="..." expires=2027-03-01` (several IDs may be separated by commas). */
function parseDirective(body: string): Omit<Suppression, 'loc'>[] | string {
  const match = /^\s*([A-Za-z0-9,\s]+?)((?:\s+[A-Za-z]+=(?:"[^"]*"|\S+))*)\s*$/.exec(body);
  if (!match) return `cannot read "${body.trim()}"`;
  const ids = match[1]!
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length === 0 || !ids.every(isRuleId)) return `"${match[1]!.trim()}" is not a rule ID like HP030`;
  const attributes: Record<string, string> = {};
  for (const attr of match[2]!.matchAll(/([A-Za-z]+)=("([^"]*)"|\S+)/g)) {
    attributes[attr[1]!] = attr[3] ?? attr[2]!;
  }
  for (const key of Object.keys(attributes)) {
    if (key !== 'reason' && key !== 'expires') return `unknown attribute ${key}`;
  }
  if (attributes.expires !== undefined && !isIsoDate(attributes.expires)) {
    return `expires "${attributes.expires}" is not a YYYY-MM-DD date`;
  }
  return ids.map((ruleId) => {
    const s: Omit<Suppression, 'loc'> = { ruleId };
    if (attributes.reason !== undefined) s.reason = attributes.reason;
    if (attributes.expires !== undefined) s.expires = attributes.expires;
    return s;
  });
}

function spanLoc(from: Loc, to: Loc): Loc {
  return { file: from.file, line: from.line, column: from.column, endLine: to.endLine, endColumn: to.endColumn };
}
