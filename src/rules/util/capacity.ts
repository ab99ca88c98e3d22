/**
 * Address and network-interface arithmetic for HP030 (subnet sizing), HP031 (ENI quota) and HP040.
 * Formulas: /work/shared/reference/rules.md HP030 and instance-network-notes.md §4-§5.
 */
import type { InstanceNetworkData } from '../../data/instance-network.js';
import type { InstanceGroup } from '../../model/types.js';

/** Addresses AWS keeps in every subnet: first four and last (hyperpod-reference.md §R10 [EC2-SUBNET]). */
export const RESERVED_ADDRESSES_PER_SUBNET = 5;

/** Address (as a number) and prefix length of an IPv4 CIDR, or undefined when the text is not one. */
export function parseIpv4Cidr(cidr: string): { address: number; prefix: number } | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr.trim());
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  return { address: ((octets[0]! * 256 + octets[1]!) * 256 + octets[2]!) * 256 + octets[3]!, prefix };
}

/** Prefix length of an IPv4 CIDR, or undefined when the text is not one. */
export const ipv4Prefix = (cidr: string): number | undefined => parseIpv4Cidr(cidr)?.prefix;

/** Usable IPv4 addresses of a subnet CIDR: 2^(32-prefix) - 5 [EC2-SUBNET], never below 0. */
export function usableAddresses(prefix: number): number {
  return Math.max(0, 2 ** (32 - prefix) - RESERVED_ADDRESSES_PER_SUBNET);
}

export type InterfaceMode = 'efa' | 'efa-only';

/** Per-instance IPv4 figure, or why it cannot be computed. */
export type PerInstance = { known: true; value: number; assumption?: string } | { known: false; reason: string };

export const EFA_ONLY_ASSUMPTION = 'assuming efa-only secondary interfaces carry no IP address (instance-network-notes.md §5 A5)';

/** A type the SageMaker API accepts (ClusterInstanceType) that src/data/instance-network.json has no entry for. */
export const networkDataMissing = (type: string): string =>
  `network data missing for ${type} (a valid HyperPod instance type that src/data/instance-network.json does not cover)`;

/**
 * IPv4 addresses one instance takes in its subnet.
 * Slurm: one per network card (A1). EKS: IPv4 per interface on the primary card plus one per other card (A2).
 * The AWS page's P5 figures (32 Slurm, 81 EKS) follow: hyperpod-reference.md §R10 [SEED].
 * With InterfaceType efa-only the secondary cards' interfaces have no IP (A5): Slurm 1, EKS ipv4PerInterface.
 */
export function addressesPerInstance(
  instances: InstanceNetworkData,
  type: string,
  orchestrator: 'eks' | 'slurm',
  mode: InterfaceMode,
): PerInstance {
  const data = instances.get(type);
  if (data === undefined) return { known: false, reason: `${type} is not a HyperPod instance type` };
  if (data === null) return { known: false, reason: networkDataMissing(type) };
  const cards = data.networkCards;
  if (cards === null) return { known: false, reason: `number of network cards of ${type} is not known` };
  if (orchestrator === 'slurm') {
    if (mode === 'efa-only' && cards > 1) return { known: true, value: 1, assumption: EFA_ONLY_ASSUMPTION };
    return { known: true, value: cards };
  }
  const perInterface = data.ipv4PerInterface;
  if (perInterface === null) return { known: false, reason: `IPv4 addresses per interface of ${type} are not known` };
  if (mode === 'efa-only' && cards > 1) return { known: true, value: perInterface, assumption: EFA_ONLY_ASSUMPTION };
  return { known: true, value: perInterface + cards - 1 };
}

/**
 * Network interfaces one instance creates: one per network card (instance-network-notes.md §5 A1);
 * EFA-only interfaces are network interfaces too (notes §3), so efa-only does not change the count.
 */
export function interfacesPerInstance(instances: InstanceNetworkData, type: string): PerInstance {
  const data = instances.get(type);
  if (data === undefined) return { known: false, reason: `${type} is not a HyperPod instance type` };
  if (data === null) return { known: false, reason: networkDataMissing(type) };
  if (data.networkCards === null) return { known: false, reason: `number of network cards of ${type} is not known` };
  return { known: true, value: data.networkCards };
}

/** InterfaceType of a group: efa-only when set so, efa otherwise; undefined when unknown. */
export function interfaceModeOf(group: InstanceGroup): InterfaceMode | undefined {
  if (!group.interfaceType) return 'efa';
  if (!group.interfaceType.known) return undefined;
  return group.interfaceType.value.toLowerCase() === 'efa-only' ? 'efa-only' : 'efa';
}

/**
 * The lowest per-instance figure across a group's types (InstanceRequirements may provision any of them),
 * so that totals are a lower bound: a finding on a lower bound is never a guess.
 */
export function lowestPerInstance(types: string[], figure: (type: string) => PerInstance): PerInstance & { type?: string } {
  let best: { value: number; type: string; assumption?: string } | undefined;
  for (const type of types) {
    const result = figure(type);
    if (!result.known) return result;
    if (!best || result.value < best.value) best = { value: result.value, type, assumption: result.assumption };
  }
  if (!best) return { known: false, reason: 'no instance type is known' };
  return { known: true, value: best.value, type: best.type, assumption: best.assumption };
}
