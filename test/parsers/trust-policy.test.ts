import { describe, expect, it } from 'vitest';
import { serviceOnlyTrust } from '../../src/parsers/trust-policy.js';
import { parseCloudFormation } from '../../src/parsers/cloudformation.js';
import { DEFAULT_LIMITS } from '../../src/engine/types.js';
import type { IamPrincipal } from '../../src/model/types.js';

const allow = (principal: unknown) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }],
});

describe('serviceOnlyTrust', () => {
  it('names the services when only service principals may assume the role', () => {
    expect(serviceOnlyTrust(allow({ Service: ['sagemaker.amazonaws.com', 'eks.amazonaws.com'] }))).toEqual([
      'eks.amazonaws.com',
      'sagemaker.amazonaws.com',
    ]);
    expect(serviceOnlyTrust(JSON.stringify(allow({ Service: 'ec2.amazonaws.com' })))).toEqual(['ec2.amazonaws.com']);
  });

  it('is undefined when an account, a user, a federated principal or * may assume it, or when it cannot be read', () => {
    expect(serviceOnlyTrust(allow({ AWS: 'arn:aws:iam::123456789012:root' }))).toBeUndefined();
    expect(serviceOnlyTrust(allow({ Service: 'ec2.amazonaws.com', AWS: '123456789012' }))).toBeUndefined();
    expect(serviceOnlyTrust(allow('*'))).toBeUndefined();
    expect(serviceOnlyTrust(allow({ Federated: 'cognito-identity.amazonaws.com' }))).toBeUndefined();
    expect(serviceOnlyTrust(allow({ Service: '${Svc}' }))).toBeUndefined();
    expect(serviceOnlyTrust('{not json')).toBeUndefined();
    expect(serviceOnlyTrust(undefined)).toBeUndefined();
  });
});

describe('AWS::IAM::Role trust policy', () => {
  it('sets trustedServicesOnly from AssumeRolePolicyDocument, after resolving parameters', () => {
    const text = `Parameters:
  Service:
    Type: String
    Default: sagemaker.amazonaws.com
  Unset:
    Type: String
Resources:
  ExecutionRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: !Ref Service }
            Action: sts:AssumeRole
  OpenRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: !Ref Unset }
            Action: sts:AssumeRole
`;
    const parsed = parseCloudFormation('t.yaml', text, { limits: DEFAULT_LIMITS });
    const roles = parsed.entities.filter((e): e is IamPrincipal => e.type === 'IamPrincipal');
    expect(roles.map((r) => [r.name, r.trustedServicesOnly])).toEqual([
      ['ExecutionRole', ['sagemaker.amazonaws.com']],
      ['OpenRole', undefined],
    ]);
  });
});
