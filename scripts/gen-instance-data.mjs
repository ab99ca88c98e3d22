// Regenerates src/data/instance-network.json, the part of the shared per-instance network data
// the rules need (HyperPod types only). Source: ../shared/data/instance-network.json, whose
// `sources` name the upstream repositories and commits (Karpenter vpclimits, VPC CNI, EC2 UG,
// botocore ClusterInstanceType enum).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const src = process.argv[2] ?? fileURLToPath(new URL('../../shared/data/instance-network.json', import.meta.url));
const data = JSON.parse(readFileSync(src, 'utf8'));
const types = {};
for (const mlType of data.hyperpodInstanceTypes) {
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
    ' (fields from DescribeInstanceTypes data: aws/karpenter-provider-aws vpclimits, aws/amazon-vpc-cni-k8s, EC2 User Guide); type list from ' +
    data.hyperpodInstanceTypesSource.repo +
    ' ' +
    data.hyperpodInstanceTypesSource.path +
    ' @ ' +
    data.hyperpodInstanceTypesSource.commit,
  hyperpodInstanceTypes: types,
};
writeFileSync(fileURLToPath(new URL('../src/data/instance-network.json', import.meta.url)), JSON.stringify(out, null, 1) + '\n');
console.log(`wrote ${Object.keys(types).length} types`);
