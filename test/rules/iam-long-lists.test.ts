import { describe, expect, it } from 'vitest';
import { sessionGrants } from '../../src/rules/util/iam.js';
import { statement } from './builders2.js';

describe('sessionGrants with input-sized lists', () => {
  it('a Deny with 200k resources is read without spreading them into call arguments', () => {
    const COUNT = 200_000;
    const resources: string[] = [];
    for (let i = 0; i < COUNT - 1; i++) resources.push(`arn:aws:s3:::bucket-${i}`);
    resources.push('arn:aws:sagemaker:*:*:cluster/*');
    const allow = statement({ actions: ['ssm:StartSession'], resources: ['arn:aws:sagemaker:*:*:cluster/*'], line: 4 });
    const deny = statement({ effect: 'Deny', actions: ['ssm:StartSession'], resources, line: 12 });
    const { grants, unknown } = sessionGrants([
      { statement: allow, file: 'template.yaml' },
      { statement: deny, file: 'template.yaml' },
    ]);
    // The last denied resource covers the allowed one, so nothing is left; without the Deny it is granted.
    expect(grants).toEqual([]);
    expect(unknown).toEqual([]);
    expect(sessionGrants([{ statement: allow, file: 'template.yaml' }]).grants).toHaveLength(1);
  });
});
