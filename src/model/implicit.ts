import type { RouteTable, Vpc } from './types.js';

/**
 * The main route table every VPC has, modelled when the code does not declare it. It starts with
 * no routes (only the implicit local route exists until something adds one).
 */
export function implicitMainRouteTable(vpc: Vpc, key: string, name: string): RouteTable {
  const table: RouteTable = {
    key,
    type: 'RouteTable',
    name,
    file: vpc.file,
    sourceKind: vpc.sourceKind,
    loc: vpc.loc,
    vpc: { kind: 'entity', key: vpc.key, loc: vpc.loc },
    main: true,
    routes: [],
    subnets: [],
  };
  if (vpc.region) table.region = vpc.region;
  return table;
}
