import type { AccountFacts } from '../rules/types.js';
import { emptyRecord } from '../util/records.js';

/**
 * A quota snapshot: the figures account mode would read, given as a file for offline runs
 * (hyperpod-reference.md §R1 suggests comparing the demand with a user-supplied quota table).
 *
 * {
 *   "us-west-2": {
 *     "networkInterfaces": { "quota": 5000, "inUse": 4900 },
 *     "sagemaker": { "ml.p5.48xlarge for cluster usage": 8 }
 *   }
 * }
 */
export function parseQuotaSnapshot(text: string): { facts: AccountFacts } | { error: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { error: `not valid JSON: ${(error as Error).message}` };
  }
  if (!isObject(data)) return { error: 'expected an object keyed by region' };
  const facts: AccountFacts = { eni: emptyRecord(), sagemakerQuotas: emptyRecord(), degraded: [] };
  for (const [region, entry] of Object.entries(data)) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) return { error: `"${region}" is not a region name` };
    if (!isObject(entry)) return { error: `${region}: expected an object` };
    for (const key of Object.keys(entry)) {
      if (key !== 'networkInterfaces' && key !== 'sagemaker') return { error: `${region}: unknown key "${key}"` };
    }
    const eni = entry.networkInterfaces;
    if (eni !== undefined) {
      if (!isObject(eni) || !isCount(eni.quota) || !isCount(eni.inUse) || Object.keys(eni).length !== 2) {
        return { error: `${region}.networkInterfaces: expected { "quota": number, "inUse": number }` };
      }
      facts.eni![region] = { quota: eni.quota, inUse: eni.inUse };
    }
    const sagemaker = entry.sagemaker;
    if (sagemaker !== undefined) {
      if (!isObject(sagemaker)) return { error: `${region}.sagemaker: expected an object of quota name to value` };
      const quotas = emptyRecord<number>();
      for (const [name, value] of Object.entries(sagemaker)) {
        if (!isCount(value)) return { error: `${region}.sagemaker["${name}"]: expected a number ≥ 0` };
        quotas[name] = value;
      }
      facts.sagemakerQuotas![region] = quotas;
    }
  }
  return { facts };
}

/** Live facts win; the snapshot fills what account mode did not read. */
export function mergeFacts(live: AccountFacts | undefined, snapshot: AccountFacts | undefined): AccountFacts | undefined {
  if (!snapshot) return live;
  if (!live) return snapshot;
  const eni = Object.assign(emptyRecord(), snapshot.eni, live.eni);
  const sagemakerQuotas = emptyRecord<Record<string, number>>();
  for (const region of new Set([...Object.keys(snapshot.sagemakerQuotas ?? {}), ...Object.keys(live.sagemakerQuotas ?? {})])) {
    sagemakerQuotas[region] = Object.assign(emptyRecord<number>(), snapshot.sagemakerQuotas?.[region], live.sagemakerQuotas?.[region]);
  }
  return { ...live, eni, sagemakerQuotas };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;
