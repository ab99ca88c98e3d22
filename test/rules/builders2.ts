/**
 * Extra builders for the batch-2 rule tests: IAM principals and policies, which test/rules/builders.ts does not build.
 */
import type { Model } from '../../src/model/model.js';
import { known, type IamPolicy, type IamPrincipal, type Loc, type PolicyStatement, type Ref, type Val } from '../../src/model/types.js';
import { loc } from './builders.js';

export interface StatementSpec {
  effect?: string | Val<string>;
  actions?: string[] | Val<string[]>;
  notActions?: string[] | Val<string[]>;
  resources?: string[] | Val<string[]>;
  line: number;
}

const val = <T>(value: T | Val<T>): Val<T> =>
  typeof value === 'object' && value !== null && 'known' in (value as object) && !Array.isArray(value)
    ? (value as Val<T>)
    : known(value as T);

export function statement(spec: StatementSpec, file = 'template.yaml'): PolicyStatement {
  const statement: PolicyStatement = {
    effect: val(spec.effect ?? 'Allow'),
    actions: val(spec.actions ?? []),
    resources: val(spec.resources ?? ['*']),
    loc: loc(spec.line, file),
  };
  if (spec.notActions !== undefined) statement.notActions = val(spec.notActions);
  return statement;
}

export interface PrincipalSpec {
  line: number;
  file?: string;
  kind?: 'role' | 'user';
  /** Tag key -> value (a Val for unknown values); a Val for unknown tags; undefined for no Tags. */
  tags?: Record<string, string | Val<string>> | Val<Record<string, Val<string>>>;
  tagsLine?: number;
  inline?: StatementSpec[][];
  managed?: Ref[];
}

export function principal(model: Model, name: string, spec: PrincipalSpec): IamPrincipal {
  const file = spec.file ?? 'template.yaml';
  const tagsLine = spec.tagsLine ?? spec.line + 2;
  let tags: Val<Record<string, Val<string>>> = known({});
  if (spec.tags && 'known' in spec.tags && typeof spec.tags.known === 'boolean') tags = spec.tags as Val<Record<string, Val<string>>>;
  else if (spec.tags) {
    const out: Record<string, Val<string>> = {};
    Object.entries(spec.tags as Record<string, string | Val<string>>).forEach(([key, value], i) => {
      out[key] = typeof value === 'string' ? known(value, loc(tagsLine + 1 + i, file)) : value;
    });
    tags = known(out, loc(tagsLine, file));
  }
  const entity: IamPrincipal = {
    key: `${file}#${name}`,
    type: 'IamPrincipal',
    name,
    file,
    sourceKind: 'cloudformation',
    loc: loc(spec.line, file, 3),
    principalKind: spec.kind ?? 'role',
    tags,
    tagsLoc: spec.tags ? loc(tagsLine, file) : undefined,
    inlinePolicies: (spec.inline ?? []).map((statements) => ({
      statements: statements.map((s) => statement(s, file)),
      loc: loc(statements[0]?.line ?? spec.line, file),
    })),
    managedPolicies: spec.managed ?? [],
  };
  model.add(entity);
  return entity;
}

export function policy(
  model: Model,
  name: string,
  spec: { line: number; file?: string; statements: StatementSpec[] | Val<never>; attachedTo?: Ref[] },
): IamPolicy {
  const file = spec.file ?? 'template.yaml';
  const at: Loc = loc(spec.line, file, 3);
  const entity: IamPolicy = {
    key: `${file}#${name}`,
    type: 'IamPolicy',
    name,
    file,
    sourceKind: 'cloudformation',
    loc: at,
    document: {
      statements: Array.isArray(spec.statements) ? spec.statements.map((s) => statement(s, file)) : (spec.statements as never),
      loc: at,
    },
    attachedTo: spec.attachedTo ?? [],
  };
  model.add(entity);
  return entity;
}
