// Regenerates src/data/instance-network.json, the part of the shared per-instance network data
// the rules need (HyperPod types only). Source: ../shared/data/instance-network.json, whose
// `sources` name the upstream repositories and commits (Karpenter vpclimits, VPC CNI, EC2 UG,
// botocore ClusterInstanceType enum). The list of HyperPod types is the ClusterInstanceType enum of
// src/data/sagemaker-api-model.json (scripts/gen-api-model.mjs), so every type the SageMaker API
// accepts is listed: with its network data when the shared file has it, else null ("network data
// missing", never "not a HyperPod type").
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const src = process.argv[2] ?? fileURLToPath(new URL('../../shared/data/instance-network.json', import.meta.url));
const data = JSON.parse(readFileSync(src, 'utf8'));
const model = JSON.parse(readFileSync(fileURLToPath(new URL('../src/data/sagemaker-api-model.json', import.meta.url)), 'utf8'));
const apiTypes = model.shapes[model.instanceTypeShape].enum;
const types = {};
for (const mlType of apiTypes) {
  const t = data.instanceTypes[mlType.replace(/^ml\./, '')];
  types[mlType] = t
    ? {
        networkCards: t.networkCards,
        maxInterfaces: t.maxInterfaces,
        defaultCardMaxInterfaces: t.defaultCardMaxInterfaces,
        ipv4PerInterface: t.ipv4PerInterface,
        efaSupported: t.efaSupported,
        maxEfaInterfaces: t.maxEfaInterfaces,
      }
    : null;
}
const out = {
  source:
    'shared/data/instance-network.json compiled ' +
    data.compiledOn +
    ' (fields from DescribeInstanceTypes data: aws/karpenter-provider-aws vpclimits, aws/amazon-vpc-cni-k8s, EC2 User Guide); type list: ' +
    model.instanceTypeShape +
    ' of ' +
    model.sagemaker.source,
  hyperpodInstanceTypes: types,
};
writeFileSync(fileURLToPath(new URL('../src/data/instance-network.json', import.meta.url)), JSON.stringify(out, null, 1) + '\n');
console.log(`wrote ${Object.keys(types).length} types, ${Object.values(types).filter((t) => t === null).length} without network data`);
