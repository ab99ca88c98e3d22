import data from './instance-network.json' with { type: 'json' };

/** Per-type network limits of HyperPod instance types (see instance-network.json `source`). */
export interface InstanceNetwork {
  networkCards: number | null;
  maxInterfaces: number | null;
  defaultCardMaxInterfaces: number | null;
  ipv4PerInterface: number | null;
  efaSupported: boolean | null;
  maxEfaInterfaces: number | null;
}

export interface InstanceNetworkData {
  /** Undefined when the type is not a HyperPod type (botocore ClusterInstanceType enum). */
  get(type: string): InstanceNetwork | null | undefined;
  isHyperPodType(type: string): boolean;
  /** Adds or replaces a type's data (account mode: DescribeInstanceTypes). */
  set(type: string, network: InstanceNetwork): void;
}

export function loadInstanceNetworkData(): InstanceNetworkData {
  const table = new Map<string, InstanceNetwork | null>(
    Object.entries(data.hyperpodInstanceTypes as Record<string, InstanceNetwork | null>),
  );
  const hyperpod = new Set(table.keys());
  return {
    get: (type) => table.get(type),
    isHyperPodType: (type) => hyperpod.has(type),
    set: (type, network) => void table.set(type, network),
  };
}

export const INSTANCE_DATA_SOURCE: string = data.source;
