import { describe, expect, it } from 'vitest';
import { refLabel } from '../../src/rules/util/cluster.js';
import { ModelBuilder, idRef, loc } from './builders.js';

/** Two files describe the same subnet ID under different names; a literal ID names the one of its own file. */
function twoFilesOneId() {
  const first = new ModelBuilder('first.yaml');
  first.subnet('FirstSubnet', { physicalId: 'subnet-0abc' });
  const second = new ModelBuilder('second.yaml');
  const secondSubnet = second.subnet('SecondSubnet', { physicalId: 'subnet-0abc' });
  first.model.add(secondSubnet);
  return first.model;
}

describe('literal ID lookups', () => {
  it('Model.target and resolve pick the entity of the file that names the ID', () => {
    const model = twoFilesOneId();
    const fromSecond = idRef('subnet-0abc', loc(4, 'second.yaml'));
    expect(model.target(fromSecond)?.key).toBe('second.yaml#SecondSubnet');
    expect(model.resolve(fromSecond, 'Subnet')?.key).toBe('second.yaml#SecondSubnet');
    expect(model.refIdentity(fromSecond)).toBe('entity:second.yaml#SecondSubnet');
    expect(model.target(idRef('subnet-0abc', loc(4, 'other.yaml')))?.key).toBe('first.yaml#FirstSubnet');
    expect(model.target(idRef('subnet-none', loc(4, 'second.yaml')))).toBeUndefined();
  });

  it('refLabel names the same entity the reference resolves to', () => {
    const model = twoFilesOneId();
    expect(refLabel(model, idRef('subnet-0abc', loc(4, 'second.yaml')))).toBe('SecondSubnet (subnet-0abc)');
    expect(refLabel(model, idRef('subnet-0abc', loc(4, 'first.yaml')))).toBe('FirstSubnet (subnet-0abc)');
    expect(refLabel(model, idRef('subnet-none', loc(4, 'first.yaml')))).toBe('subnet-none');
  });
});

describe('Model physical ID index', () => {
  it('setPhysicalId moves the entity from its old ID to the new one', () => {
    const b = new ModelBuilder('template.yaml');
    const subnet = b.subnet('Subnet');
    b.model.setPhysicalId(subnet, 'subnet-0old');
    b.model.setPhysicalId(subnet, 'subnet-0new');
    expect(b.model.byId('subnet-0old')).toBeUndefined();
    expect(b.model.byId('subnet-0new')?.key).toBe('template.yaml#Subnet');
  });

  it('replacing an entity whose ID was never indexed leaves the other entities of that ID alone', () => {
    const b = new ModelBuilder('template.yaml');
    const first = b.subnet('First');
    b.subnet('Second', { physicalId: 'subnet-0abc' });
    first.physicalId = 'subnet-0abc'; // set outside the model, so not in its index
    b.model.add({ ...first, physicalId: undefined });
    expect(b.model.byId('subnet-0abc')?.key).toBe('template.yaml#Second');
    expect(b.model.ofType('Subnet').map((s) => s.key)).toEqual(['template.yaml#Second', 'template.yaml#First']);
  });
});
