/**
 * How a subnet reaches Amazon S3: its route table, S3 VPC endpoints, and default routes
 * (hyperpod-reference.md §R8 [SEED][AWSCC-VPCE][TF-VPCE]).
 */
import type { Model } from '../../model/model.js';
import type { ChangeInfo, Ref, Route, RouteTable, Subnet, VpcEndpoint } from '../../model/types.js';

/**
 * `com.amazonaws.<region>.s3` (also `cn.com.amazonaws.<region>.s3`), hyperpod-reference.md §4.4; the
 * region may be `*` in a service pattern (the stack's own region, not known offline).
 */
const S3_SERVICE = /^(?:cn\.)?com\.amazonaws\.(?:[a-z0-9-]+|\*)\.s3$/i;

export function isS3ServiceName(name: string): boolean {
  return S3_SERVICE.test(name.trim());
}

/** The service name of an endpoint, or its region-independent pattern; undefined when neither is known. */
export function serviceOf(endpoint: VpcEndpoint): string | undefined {
  return endpoint.serviceName.known ? endpoint.serviceName.value : endpoint.servicePattern;
}

/** The route table of a subnet, or why it cannot be known. */
export type RouteTableResult =
  | { kind: 'table'; table: RouteTable; how: 'explicit' | 'main' }
  /** The VPC's main route table is not declared (CloudFormation/Terraform create it implicitly): only the local route. */
  | { kind: 'implicit-main' }
  | { kind: 'unknown'; reason: string };

function sameRef(model: Model, a: Ref, identity: string | undefined): boolean {
  return identity !== undefined && model.refIdentity(a) === identity;
}

/** A reference that may name something outside the scanned files: unknown, or a literal ID no entity has. */
function isOpenRef(model: Model, ref: Ref): boolean {
  return ref.kind === 'unknown' || (ref.kind === 'id' && !model.byId(ref.id));
}

/** Route tables with an association whose subnet cannot be resolved (usually none). */
function tablesWithOpenAssociations(model: Model): RouteTable[] {
  return model.memo('connectivity:open-associations', (m) =>
    m.ofType('RouteTable').filter((table) => table.subnets.some((ref) => isOpenRef(m, ref))),
  );
}

/** Endpoints that may serve a subnet: in its VPC, in an unknown VPC, or attached to its route table. */
function candidateEndpoints(model: Model, vpcIdentity: string | undefined, tableIdentity: string | undefined): VpcEndpoint[] {
  const unknownVpc = model.memo('connectivity:endpoints-unknown-vpc', (m) =>
    m.ofType('VpcEndpoint').filter((e) => e.vpc.kind === 'unknown'),
  );
  const byVpc = vpcIdentity === undefined ? [] : (model.indexByRef('VpcEndpoint', 'vpc', (e) => [e.vpc]).get(vpcIdentity) ?? []);
  const byTable =
    tableIdentity === undefined
      ? []
      : (model.indexByRef('VpcEndpoint', 'routeTables', (e) => (e.routeTables.known ? e.routeTables.items : [])).get(tableIdentity) ?? []);
  const all = new Set([...byVpc, ...unknownVpc, ...byTable]);
  // Keep the model's order so results do not depend on the index.
  return model.ofType('VpcEndpoint').length <= all.size ? model.ofType('VpcEndpoint') : [...all].sort(byModelOrder(model));
}

function byModelOrder(model: Model): (a: VpcEndpoint, b: VpcEndpoint) => number {
  const order = model.memo('connectivity:endpoint-order', (m) => new Map(m.ofType('VpcEndpoint').map((e, i) => [e.key, i])));
  return (a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0);
}

export function routeTableOf(model: Model, subnet: Subnet): RouteTableResult {
  const subnetIdentity = `entity:${subnet.key}`;
  if (subnet.routeTable) {
    const table = model.resolve(subnet.routeTable, 'RouteTable');
    if (table) return { kind: 'table', table, how: 'explicit' };
    return { kind: 'unknown', reason: `route table of subnet ${subnet.name} is not defined in the scanned files` };
  }
  const associated = model.indexByRef('RouteTable', 'subnets', (table) => table.subnets).get(subnetIdentity)?.[0];
  if (associated) return { kind: 'table', table: associated, how: 'explicit' };

  const vpcIdentity = model.refIdentity(subnet.vpc);
  if (vpcIdentity === undefined) return { kind: 'unknown', reason: `VPC of subnet ${subnet.name} is not known` };
  // An association whose subnet cannot be resolved may be this subnet's.
  const openAssociation = tablesWithOpenAssociations(model).find(
    (table) => table.vpc.kind === 'unknown' || model.refIdentity(table.vpc) === vpcIdentity,
  );
  if (openAssociation) {
    return { kind: 'unknown', reason: `route table ${openAssociation.name} has an association with a subnet that cannot be resolved` };
  }
  const vpc = model.resolve(subnet.vpc, 'Vpc');
  const main = model.indexByRef('RouteTable', 'main-of-vpc', (table) => (table.main ? [table.vpc] : [])).get(vpcIdentity)?.[0];
  if (main) {
    // A main table the files only imply (no routes of its own) is empty only when the VPC is created here:
    // the main table of an existing VPC may have routes the plan does not show.
    if (main.routes.length === 0 && !main.change && vpc && isExisting(vpc.change)) {
      return { kind: 'unknown', reason: `VPC ${vpc.name} exists already; the routes of its main route table are not in the scanned files` };
    }
    return { kind: 'table', table: main, how: 'main' };
  }
  if (vpc && vpc.sourceKind !== 'account') return { kind: 'implicit-main' };
  return { kind: 'unknown', reason: `main route table of the VPC of subnet ${subnet.name} is not known` };
}

/** True when a Terraform change leaves an existing resource in place (no create). */
function isExisting(change: ChangeInfo | undefined): boolean {
  return change !== undefined && !change.actions.includes('create');
}

export type EndpointMatch =
  { kind: 'endpoint'; endpoint: VpcEndpoint; via: 'gateway' | 'interface' } | { kind: 'maybe'; reason: string } | { kind: 'none' };

function endpointTypeOf(endpoint: VpcEndpoint): string | undefined {
  return endpoint.endpointType.known ? endpoint.endpointType.value.toLowerCase() : undefined;
}

/**
 * An S3 endpoint serving a subnet: a Gateway endpoint on its route table, or an Interface endpoint
 * in its VPC. An endpoint that might serve it but whose service name, type or tables are unknown gives `maybe`.
 */
export function s3EndpointFor(model: Model, subnet: Subnet, table: RouteTableResult): EndpointMatch {
  const vpcIdentity = model.refIdentity(subnet.vpc);
  const tableIdentity = table.kind === 'table' ? `entity:${table.table.key}` : undefined;
  let maybe: string | undefined;
  for (const endpoint of candidateEndpoints(model, vpcIdentity, tableIdentity)) {
    const type = endpointTypeOf(endpoint);
    const service = serviceOf(endpoint);
    if (service !== undefined && !isS3ServiceName(service)) continue;
    const inVpc = vpcIdentity !== undefined && model.refIdentity(endpoint.vpc) === vpcIdentity;
    const mayBeInVpc = inVpc || endpoint.vpc.kind === 'unknown';
    let serves: boolean | undefined = false;
    if (type === 'gateway') {
      if (!endpoint.routeTables.known) serves = mayBeInVpc ? undefined : false;
      else if (tableIdentity && endpoint.routeTables.items.some((ref) => sameRef(model, ref, tableIdentity))) serves = true;
      else if (table.kind === 'unknown' && mayBeInVpc) serves = undefined;
      else {
        const open = endpoint.routeTables.items.some((ref) => isOpenRef(model, ref));
        serves = open && mayBeInVpc ? undefined : false;
      }
    } else if (type === 'interface') {
      serves = inVpc ? true : mayBeInVpc ? undefined : false;
    } else if (type === undefined) {
      serves = mayBeInVpc ? undefined : false;
    }
    if (serves === false) continue;
    if (serves === true && service !== undefined) {
      return { kind: 'endpoint', endpoint, via: type === 'gateway' ? 'gateway' : 'interface' };
    }
    maybe ??=
      service === undefined
        ? `VPC endpoint ${endpoint.name} may serve subnet ${subnet.name} but its service name is not known`
        : `S3 endpoint ${endpoint.name} may serve subnet ${subnet.name} but its type, VPC or route tables are not known`;
  }
  // A Gateway endpoint also shows as a route whose target is the endpoint.
  if (table.kind === 'table') {
    for (const route of table.table.routes) {
      if (route.target.kind !== 'vpce') continue;
      const endpoint = model.resolve(route.target.ref, 'VpcEndpoint');
      const service = endpoint && serviceOf(endpoint);
      if (endpoint && service !== undefined && isS3ServiceName(service)) {
        return { kind: 'endpoint', endpoint, via: 'gateway' };
      }
      if (!endpoint || service === undefined) maybe ??= `route table ${table.table.name} routes to an endpoint whose service is not known`;
    }
  }
  return maybe ? { kind: 'maybe', reason: maybe } : { kind: 'none' };
}

const DEFAULT_ROUTES = new Set(['0.0.0.0/0', '::/0']);

export type InternetRoute = { kind: 'route'; route: Route; via: 'nat' | 'igw' } | { kind: 'maybe'; reason: string } | { kind: 'none' };

/**
 * A default route to a NAT gateway (preferred) or an internet gateway. A default route to anything
 * else (transit gateway, firewall, peering) may still reach S3, so it gives `maybe`.
 */
export function internetRouteOf(table: RouteTableResult): InternetRoute {
  if (table.kind !== 'table') return { kind: 'none' };
  let maybe: string | undefined;
  let igw: Route | undefined;
  for (const route of table.table.routes) {
    const target = route.target;
    const isDefault = route.destination.known ? DEFAULT_ROUTES.has(route.destination.value.trim()) : undefined;
    if (isDefault === false) continue;
    if (target.kind === 'nat' && isDefault) return { kind: 'route', route, via: 'nat' };
    if (target.kind === 'igw' && isDefault) {
      igw ??= route;
      continue;
    }
    if (target.kind === 'vpce') continue;
    if (target.kind === 'nat' || target.kind === 'igw') {
      maybe ??= `route table ${table.table.name} has a route to a ${target.kind === 'nat' ? 'NAT gateway' : 'internet gateway'} whose destination is not known`;
    } else if (target.kind === 'other') {
      maybe ??= `route table ${table.table.name} sends ${route.destination.known ? route.destination.value : 'traffic'} to ${target.what}, which may reach S3`;
    } else if (target.kind === 'unknown') {
      maybe ??= `route table ${table.table.name} has a route whose target is not known (${target.reason})`;
    }
  }
  if (maybe) return { kind: 'maybe', reason: maybe };
  return igw ? { kind: 'route', route: igw, via: 'igw' } : { kind: 'none' };
}
