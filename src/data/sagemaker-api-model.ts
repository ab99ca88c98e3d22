import data from './sagemaker-api-model.json' with { type: 'json' };

/** One SageMaker API shape, compacted from botocore's service-2.json by scripts/gen-api-model.mjs. */
export interface ApiShape {
  type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'float' | 'double' | 'boolean' | 'timestamp' | 'blob';
  required?: string[];
  union?: boolean;
  members?: Record<string, string>;
  member?: string;
  key?: string;
  value?: string;
  min?: number;
  max?: number;
  pattern?: string;
  patternFlags?: string;
  enum?: string[];
}

/** A JSON-schema node of the AWS::SageMaker::Cluster CloudFormation schema (the keywords HP008 reads). */
export interface CfnSchemaNode {
  type?: string | string[];
  $ref?: string;
  properties?: Record<string, CfnSchemaNode>;
  patternProperties?: Record<string, CfnSchemaNode>;
  required?: string[];
  additionalProperties?: boolean;
  items?: CfnSchemaNode;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  enum?: (string | number | boolean)[];
  oneOf?: CfnSchemaNode[];
  anyOf?: CfnSchemaNode[];
}

export interface CfnResourceSchema {
  typeName: string;
  required: string[];
  readOnlyProperties: string[];
  createOnlyProperties: string[];
  properties: Record<string, CfnSchemaNode>;
  definitions: Record<string, CfnSchemaNode>;
}

export const API_SHAPES = data.shapes as unknown as Record<string, ApiShape>;

/** Where the shapes come from: botocore version, model date (shown in HP008 messages and docs). */
export const API_MODEL_SOURCE = data.sagemaker;

export const CFN_CLUSTER_SCHEMA = data.cloudformation.resource as unknown as CfnResourceSchema;
export const CFN_SCHEMA_SOURCE = data.cloudformation.source;

/** The ClusterInstanceType enum: every instance type CreateCluster/UpdateCluster accept. */
export const CLUSTER_INSTANCE_TYPES: readonly string[] = API_SHAPES[data.instanceTypeShape]!.enum!;

const compiled = new Map<string, RegExp>();
/** A model pattern, matched against the whole value (the API's Java `matches`). */
export function patternRegExp(pattern: string, flags = ''): RegExp {
  const key = `${flags}/${pattern}`;
  let re = compiled.get(key);
  if (!re) compiled.set(key, (re = new RegExp(`^(?:${pattern})$`, flags)));
  return re;
}
