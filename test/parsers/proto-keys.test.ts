/** A JSON key named `__proto__` is data like any other key: it must not set an object's prototype. */
import { describe, expect, it } from 'vitest';
import { stableExpr } from '../../src/parsers/cfn-intrinsics.js';
import { mergeUnknown } from '../../src/parsers/terraform-values.js';

describe('__proto__ keys in input', () => {
  it('mergeUnknown keeps a __proto__ key of after_unknown as an own key', () => {
    const after = JSON.parse('{"cidr_block": "10.0.0.0/24"}') as unknown;
    const afterUnknown = JSON.parse('{"__proto__": {"availability_zone": true}}') as unknown;
    const merged = mergeUnknown(after, afterUnknown) as Record<string, unknown>;
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(merged.availability_zone).toBeUndefined();
    expect(Object.keys(merged)).toEqual(['cidr_block', '__proto__']);
    expect(merged.cidr_block).toBe('10.0.0.0/24');
  });

  it('stableExpr tells apart expressions that differ only in a __proto__ key', () => {
    const withKey = JSON.parse('{"Ref": "A", "__proto__": {"Ref": "B"}}') as unknown;
    expect(stableExpr(withKey)).toBe('{"Ref":"A","__proto__":{"Ref":"B"}}');
    expect(stableExpr(withKey)).not.toBe(stableExpr({ Ref: 'A' }));
  });
});
