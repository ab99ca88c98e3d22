import data from './instance-network.json' with { type: 'json' };
import { CLUSTER_INSTANCE_TYPES } from './sagemaker-api-model.js';

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
  /**
   * Undefined when the type is not a HyperPod type (the ClusterInstanceType enum of the SageMaker
   * API model); null when the API accepts it but the network data lacks it.
   */
  get(type: string): InstanceNetwork | null | undefined;
  isHyperPodType(type: string): boolean;
  /** Adds or replaces a type's data (account mode: DescribeInstanceTypes). */
  set(type: string, network: InstanceNetwork): void;
}

/** `entries`: the per-type network table (default: src/data/instance-network.json). */
export function loadInstanceNetworkData(
  entries: Record<string, InstanceNetwork | null> = data.hyperpodInstanceTypes as Record<string, InstanceNetwork | null>,
): InstanceNetworkData {
  const table = new Map<string, InstanceNetwork | null>(Object.entries(entries));
  // Validity comes from the API model (src/data/sagemaker-api-model.json), never from the network table.
  const hyperpod = new Set(CLUSTER_INSTANCE_TYPES);
  return {
    get: (type) => (table.has(type) ? table.get(type) : hyperpod.has(type) ? null : undefined),
    isHyperPodType: (type) => hyperpod.has(type),
    set: (type, network) => void table.set(type, network),
  };
}

export const INSTANCE_DATA_SOURCE: string = data.source;
