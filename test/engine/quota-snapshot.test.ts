import { describe, expect, it } from 'vitest';
import { mergeFacts, parseQuotaSnapshot } from '../../src/engine/quota-snapshot.js';

describe('quota snapshot', () => {
  it('reads network interfaces and sagemaker quotas by region', () => {
    const parsed = parseQuotaSnapshot(
      JSON.stringify({
        'us-west-2': { networkInterfaces: { quota: 5000, inUse: 10 }, sagemaker: { 'ml.p5.48xlarge for cluster usage': 8 } },
      }),
    );
    expect('facts' in parsed && parsed.facts.eni?.['us-west-2']).toEqual({ quota: 5000, inUse: 10 });
    expect('facts' in parsed && parsed.facts.sagemakerQuotas?.['us-west-2']?.['ml.p5.48xlarge for cluster usage']).toBe(8);
  });

  it.each([
    ['[1]', /object keyed by region/],
    ['{"mars-1":{}}', /not a region name/],
    ['{"us-west-2":{"eni":{}}}', /unknown key "eni"/],
    ['{"us-west-2":{"networkInterfaces":{"quota":5}}}', /networkInterfaces: expected/],
    ['{"us-west-2":{"sagemaker":{"x":"8"}}}', /expected a number/],
    ['{', /not valid JSON/],
  ])('rejects %s', (text, message) => {
    const parsed = parseQuotaSnapshot(text);
    expect('error' in parsed && parsed.error).toMatch(message);
  });

  it('lets live account figures win over the snapshot and keeps the rest', () => {
    const snapshot = parseQuotaSnapshot(
      JSON.stringify({
        'us-west-2': { networkInterfaces: { quota: 100, inUse: 1 }, sagemaker: { a: 1, b: 2 } },
        'us-east-1': { sagemaker: { c: 3 } },
      }),
    );
    if ('error' in snapshot) throw new Error(snapshot.error);
    const merged = mergeFacts(
      { degraded: [], eni: { 'us-west-2': { quota: 5000, inUse: 7 } }, sagemakerQuotas: { 'us-west-2': { a: 9 } } },
      snapshot.facts,
    );
    expect(merged?.eni?.['us-west-2']).toEqual({ quota: 5000, inUse: 7 });
    expect({ ...merged?.sagemakerQuotas?.['us-west-2'] }).toEqual({ a: 9, b: 2 });
    expect({ ...merged?.sagemakerQuotas?.['us-east-1'] }).toEqual({ c: 3 });
    expect(mergeFacts(undefined, snapshot.facts)).toBe(snapshot.facts);
  });
});
