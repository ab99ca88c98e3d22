import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const hasCfnLint = (() => {
  try {
    execFileSync('cfn-lint', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
})();

describe('src/data/sagemaker-api-model.json', () => {
  it('is what scripts/gen-api-model.mjs generates from the pinned upstream models', () => {
    const fresh = execFileSync(process.execPath, ['scripts/gen-api-model.mjs', '--stdout'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const committed = readFileSync('src/data/sagemaker-api-model.json', 'utf8');
    expect(committed === fresh, 'src/data/sagemaker-api-model.json is stale or hand-edited: run node scripts/gen-api-model.mjs').toBe(true);
  }, 60_000);

  it('records the botocore version and model date it follows', () => {
    const data = JSON.parse(readFileSync('src/data/sagemaker-api-model.json', 'utf8'));
    expect(data.sagemaker.botocoreVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(data.sagemaker.modelDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(data.shapes.ClusterInstanceType.enum).toContain('ml.g7.48xlarge');
  });

  it('lists every ClusterInstanceType of the model in src/data/instance-network.json (scripts/gen-instance-data.mjs)', () => {
    const model = JSON.parse(readFileSync('src/data/sagemaker-api-model.json', 'utf8'));
    const network = JSON.parse(readFileSync('src/data/instance-network.json', 'utf8'));
    expect(Object.keys(network.hyperpodInstanceTypes)).toEqual(model.shapes.ClusterInstanceType.enum);
    expect(network.source).toContain(`ClusterInstanceType of ${model.sagemaker.source}`);
  });

  // The pinned CloudFormation schema is the one the pinned cfn-lint ships (under CI=true cfn-lint is required).
  it.runIf(hasCfnLint || process.env.CI === 'true')(
    'pins the AWS::SageMaker::Cluster schema of the installed cfn-lint',
    () => {
      const info = JSON.parse(readFileSync('scripts/upstream/cfn-aws-sagemaker-cluster.source.json', 'utf8'));
      const version = execFileSync('cfn-lint', ['--version'], { encoding: 'utf8' }).trim();
      if (!version.endsWith(info.version)) return; // another cfn-lint release ships another schema
      const schema = execFileSync(
        'python3',
        [
          '-c',
          'import json\nfrom cfnlint.schema import PROVIDER_SCHEMA_MANAGER as m\n' +
            "print(json.dumps(m.get_resource_schema('us-east-1', 'AWS::SageMaker::Cluster').schema, sort_keys=True))",
        ],
        { encoding: 'utf8' },
      );
      const text = JSON.stringify(JSON.parse(schema), null, 1) + '\n';
      expect(createHash('sha256').update(text).digest('hex')).toBe(info.sha256);
    },
    60_000,
  );
});
