/** IPv4 CIDR arithmetic for subnet-size suggestions (HP030). */
import { parseIpv4Cidr, usableAddresses } from './capacity.js';

/** IPv4 subnet sizes AWS accepts: /16 to /28 (hyperpod-reference.md §R10 [EC2-SUBNET]). */
export const LARGEST_SUBNET_PREFIX = 16;
export const SMALLEST_SUBNET_PREFIX = 28;

export interface Ipv4Block {
  /** Network address as an unsigned 32-bit number (host bits cleared). */
  base: number;
  prefix: number;
}

const size = (prefix: number): number => 2 ** (32 - prefix);
const align = (address: number, prefix: number): number => Math.floor(address / size(prefix)) * size(prefix);

export function parseIpv4Block(cidr: string): Ipv4Block | undefined {
  const parsed = parseIpv4Cidr(cidr);
  return parsed && { base: align(parsed.address, parsed.prefix), prefix: parsed.prefix };
}

export function formatIpv4Block({ base, prefix }: Ipv4Block): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256);
  return `${octets.join('.')}/${prefix}`;
}

const overlaps = (a: Ipv4Block, b: Ipv4Block): boolean => a.base < b.base + size(b.prefix) && b.base < a.base + size(a.prefix);
const contains = (outer: Ipv4Block, inner: Ipv4Block): boolean =>
  outer.prefix <= inner.prefix && inner.base >= outer.base && inner.base + size(inner.prefix) <= outer.base + size(outer.prefix);

/** The longest prefix (smallest subnet) whose usable addresses hold `addresses`, or undefined when even a /16 is too small. */
export function smallestPrefixFor(addresses: number): number | undefined {
  for (let prefix = SMALLEST_SUBNET_PREFIX; prefix >= LARGEST_SUBNET_PREFIX; prefix--) {
    if (usableAddresses(prefix) >= addresses) return prefix;
  }
  return undefined;
}

export type CidrSuggestion = { cidr: string; prefix: number } | { none: string };

/** Most candidate blocks looked at inside a VPC CIDR (a /16 VPC holds 4096 /28 blocks). */
const MAX_CANDIDATES = 1 << 16;

/**
 * The smallest subnet CIDR that holds `addresses`: aligned, inside one of the VPC's CIDRs when they are known,
 * clear of the VPC's other subnets, and as close to the current block as possible (the block holding it first).
 */
export function suggestSubnetCidr(input: {
  current: string;
  addresses: number;
  vpcCidrs?: string[];
  otherSubnets: string[];
}): CidrSuggestion {
  const current = parseIpv4Block(input.current);
  if (!current) return { none: `${input.current} is not an IPv4 CIDR` };
  const prefix = smallestPrefixFor(input.addresses);
  if (prefix === undefined) {
    return {
      none: `no subnet holds ${input.addresses} addresses: the largest, a /${LARGEST_SUBNET_PREFIX}, has ${usableAddresses(LARGEST_SUBNET_PREFIX)} usable`,
    };
  }
  const others = input.otherSubnets.map(parseIpv4Block).filter((b): b is Ipv4Block => b !== undefined);
  const free = (block: Ipv4Block) => !others.some((other) => overlaps(block, other));
  const around: Ipv4Block = { base: align(current.base, prefix), prefix };
  const vpcs = (input.vpcCidrs ?? []).map(parseIpv4Block).filter((b): b is Ipv4Block => b !== undefined);
  if (vpcs.length === 0) {
    if (free(around)) return { cidr: formatIpv4Block(around), prefix };
    return { none: `the /${prefix} block holding ${input.current} (${formatIpv4Block(around)}) overlaps another subnet` };
  }
  if (vpcs.some((vpc) => contains(vpc, around)) && free(around)) return { cidr: formatIpv4Block(around), prefix };
  // Otherwise the free aligned block nearest to the current one, in any VPC CIDR large enough.
  let best: Ipv4Block | undefined;
  let looked = 0;
  for (const vpc of vpcs) {
    if (vpc.prefix > prefix) continue;
    for (let base = vpc.base; base < vpc.base + size(vpc.prefix) && looked < MAX_CANDIDATES; base += size(prefix), looked++) {
      const block = { base, prefix };
      if (!free(block)) continue;
      if (!best || Math.abs(base - current.base) < Math.abs(best.base - current.base)) best = block;
    }
  }
  if (best) return { cidr: formatIpv4Block(best), prefix };
  const vpcText = vpcs.map(formatIpv4Block).join(', ');
  return {
    none: vpcs.every((vpc) => vpc.prefix > prefix)
      ? `a /${prefix} subnet is larger than the VPC CIDR ${vpcText}`
      : `the VPC CIDR ${vpcText} has no free /${prefix} block beside its other subnets`,
  };
}
