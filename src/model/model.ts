import { appendAll } from '../util/arrays.js';
import type { Entity, EntityOf, EntityType, ParsedFile, Ref, Unverified, WithoutCluster } from './types.js';

/**
 * All entities of one run, indexed by key, type and physical ID.
 * Literal ID references (`{kind:'id'}`) resolve to an entity whose `physicalId` matches,
 * whichever file (or the account) it came from.
 */
export class Model {
  readonly entities = new Map<string, Entity>();
  private readonly byType = new Map<EntityType, Entity[]>();
  /** Entities by physical ID; several files (or the account) may describe the same resource. */
  private readonly byPhysicalId = new Map<string, Entity[]>();
  readonly unverified: Unverified[] = [];
  /** Default region for the run (CLI --region, config, provider region). */
  region?: string;
  /** Security groups no scanned cluster uses, checked as HyperPod/EFA groups anyway: key → why (docs/cross-file.md). */
  readonly withoutCluster = new Map<string, WithoutCluster>();

  static fromParsed(files: ParsedFile[], region?: string): Model {
    const model = new Model();
    model.region = region;
    for (const parsed of files) {
      for (const entity of parsed.entities) model.add(entity);
      appendAll(model.unverified, parsed.unverified);
    }
    return model;
  }

  private version = 0;
  private readonly memos = new Map<string, { version: number; value: unknown }>();

  /**
   * A value derived from the whole model (an index), computed once and recomputed only after the
   * model changes. Rules use it to look things up instead of scanning every entity per element.
   */
  memo<T>(key: string, build: (model: Model) => T): T {
    const cached = this.memos.get(key);
    if (cached && cached.version === this.version) return cached.value as T;
    const value = build(this);
    this.memos.set(key, { version: this.version, value });
    return value;
  }

  /**
   * Groups entities of a type by the identity of one of their references (see refIdentity).
   * `by` names the references `refsOf` returns and keys the memo: one name, one meaning.
   */
  indexByRef<T extends EntityType>(type: T, by: string, refsOf: (entity: EntityOf<T>) => Iterable<Ref>): Map<string, EntityOf<T>[]> {
    return this.memo(`byRef:${type}:${by}`, (model) => {
      const index = new Map<string, EntityOf<T>[]>();
      for (const entity of model.ofType(type)) {
        const seen = new Set<string>();
        for (const ref of refsOf(entity)) {
          const identity = model.refIdentity(ref) ?? '?';
          if (seen.has(identity)) continue;
          seen.add(identity);
          const list = index.get(identity);
          if (list) list.push(entity);
          else index.set(identity, [entity]);
        }
      }
      return index;
    });
  }

  add(entity: Entity): void {
    this.version++;
    const previous = this.entities.get(entity.key);
    if (previous) {
      removeItem(this.byType.get(previous.type), previous);
      if (previous.physicalId) removeItem(this.byPhysicalId.get(previous.physicalId), previous);
    }
    this.entities.set(entity.key, entity);
    let list = this.byType.get(entity.type);
    if (!list) this.byType.set(entity.type, (list = []));
    list.push(entity);
    if (entity.physicalId) {
      this.addPhysicalId(entity.physicalId, entity);
    }
  }

  /** Registers a physical ID learned later (e.g. account mode). */
  setPhysicalId(entity: Entity, id: string): void {
    this.version++;
    if (entity.physicalId && entity.physicalId !== id) removeItem(this.byPhysicalId.get(entity.physicalId), entity);
    entity.physicalId = id;
    this.addPhysicalId(id, entity);
  }

  private addPhysicalId(id: string, entity: Entity): void {
    const list = this.byPhysicalId.get(id);
    if (!list) this.byPhysicalId.set(id, [entity]);
    else if (!list.includes(entity)) list.push(entity);
  }

  /** The entity a literal ID names, preferring one declared in the file that names it. */
  private byLiteral(id: string, file: string | undefined): Entity | undefined {
    const list = this.byPhysicalId.get(id);
    if (!list) return undefined;
    return (file !== undefined && list.find((e) => e.file === file)) || list[0];
  }

  ofType<T extends EntityType>(type: T): EntityOf<T>[] {
    return (this.byType.get(type) ?? []) as EntityOf<T>[];
  }

  get(key: string): Entity | undefined {
    return this.entities.get(key);
  }

  byId(id: string): Entity | undefined {
    return this.byPhysicalId.get(id)?.[0];
  }

  /** The entity a reference points to, of any type: by key, or by literal ID (same file first). */
  target(ref: Ref): Entity | undefined {
    if (ref.kind === 'entity') return this.entities.get(ref.key);
    if (ref.kind === 'id') return this.byLiteral(ref.id, ref.loc?.file);
    return undefined;
  }

  /** The entity a reference points to, if any, checked against the expected type. */
  resolve<T extends EntityType>(ref: Ref | undefined, type: T): EntityOf<T> | undefined {
    const entity = ref && this.target(ref);
    return entity && entity.type === type ? (entity as EntityOf<T>) : undefined;
  }

  /** A stable identity for comparing references: entity key, literal ID, or expression text. */
  refIdentity(ref: Ref): string | undefined {
    if (ref.kind === 'entity') return `entity:${ref.key}`;
    if (ref.kind === 'id') {
      const entity = this.byLiteral(ref.id, ref.loc?.file);
      return entity ? `entity:${entity.key}` : `id:${ref.id}`;
    }
    return ref.expr !== undefined ? `expr:${ref.expr}` : undefined;
  }
}

/** Removes one item from a list when it is there (never the last item by mistake: indexOf -1). */
function removeItem<T>(list: T[] | undefined, item: T): void {
  const index = list ? list.indexOf(item) : -1;
  if (index !== -1) list!.splice(index, 1);
}
