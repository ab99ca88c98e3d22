import { appendAll } from '../util/arrays.js';
import type { Entity, EntityOf, EntityType, ParsedFile, Ref, Unverified } from './types.js';

/**
 * All entities of one run, indexed by key, type and physical ID.
 * Literal ID references (`{kind:'id'}`) resolve to an entity whose `physicalId` matches,
 * whichever file (or the account) it came from.
 */
export class Model {
  readonly entities = new Map<string, Entity>();
  private readonly byType = new Map<EntityType, Entity[]>();
  private readonly byPhysicalId = new Map<string, Entity>();
  readonly unverified: Unverified[] = [];
  /** Default region for the run (CLI --region, config, provider region). */
  region?: string;

  static fromParsed(files: ParsedFile[], region?: string): Model {
    const model = new Model();
    model.region = region;
    for (const parsed of files) {
      for (const entity of parsed.entities) model.add(entity);
      appendAll(model.unverified, parsed.unverified);
    }
    return model;
  }

  add(entity: Entity): void {
    const previous = this.entities.get(entity.key);
    if (previous) {
      const list = this.byType.get(previous.type);
      if (list) list.splice(list.indexOf(previous), 1);
    }
    this.entities.set(entity.key, entity);
    let list = this.byType.get(entity.type);
    if (!list) this.byType.set(entity.type, (list = []));
    list.push(entity);
    if (entity.physicalId && !this.byPhysicalId.has(entity.physicalId)) {
      this.byPhysicalId.set(entity.physicalId, entity);
    }
  }

  /** Registers a physical ID learned later (e.g. account mode). */
  setPhysicalId(entity: Entity, id: string): void {
    entity.physicalId = id;
    if (!this.byPhysicalId.has(id)) this.byPhysicalId.set(id, entity);
  }

  ofType<T extends EntityType>(type: T): EntityOf<T>[] {
    return (this.byType.get(type) ?? []) as EntityOf<T>[];
  }

  get(key: string): Entity | undefined {
    return this.entities.get(key);
  }

  byId(id: string): Entity | undefined {
    return this.byPhysicalId.get(id);
  }

  /** The entity a reference points to, if any, checked against the expected type. */
  resolve<T extends EntityType>(ref: Ref | undefined, type: T): EntityOf<T> | undefined {
    if (!ref) return undefined;
    let entity: Entity | undefined;
    if (ref.kind === 'entity') entity = this.entities.get(ref.key);
    else if (ref.kind === 'id') entity = this.byPhysicalId.get(ref.id);
    return entity && entity.type === type ? (entity as EntityOf<T>) : undefined;
  }

  /** A stable identity for comparing references: entity key, literal ID, or expression text. */
  refIdentity(ref: Ref): string | undefined {
    if (ref.kind === 'entity') return `entity:${ref.key}`;
    if (ref.kind === 'id') {
      const entity = this.byPhysicalId.get(ref.id);
      return entity ? `entity:${entity.key}` : `id:${ref.id}`;
    }
    return ref.expr !== undefined ? `expr:${ref.expr}` : undefined;
  }
}
