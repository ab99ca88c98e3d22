import { describe, expect, it } from 'vitest';
import { parseCloudFormation } from '../../src/parsers/cloudformation.js';
import { DEFAULT_LIMITS } from '../../src/engine/types.js';
import type { SecurityGroup } from '../../src/model/types.js';

describe('a large template', () => {
  it('evaluates every resource: the evaluation budget grows with the template, so late resources do not turn unknown', () => {
    const count = 20_000;
    const lines = [
      "AWSTemplateFormatVersion: '2010-09-09'",
      'Resources:',
      '  Vpc:',
      '    Type: AWS::EC2::VPC',
      '    Properties:',
      '      CidrBlock: 10.0.0.0/16',
    ];
    for (let i = 0; i < count; i++) {
      const peer = `Sg${i === 0 ? 1 : i - 1}`;
      lines.push(
        `  Sg${i}:`,
        '    Type: AWS::EC2::SecurityGroup',
        '    Properties:',
        `      GroupDescription: g${i}`,
        '      VpcId: !Ref Vpc',
        "      SecurityGroupEgress: [{IpProtocol: '-1', CidrIp: 0.0.0.0/0}]",
        '      SecurityGroupIngress:',
        `        - {IpProtocol: tcp, FromPort: 988, ToPort: 988, SourceSecurityGroupId: !GetAtt ${peer}.GroupId}`,
        `        - {IpProtocol: tcp, FromPort: 1018, ToPort: 1023, SourceSecurityGroupId: !Ref ${peer}}`,
      );
    }
    const text = lines.join('\n') + '\n';
    // Over the default 5 MB: a configuration may raise limits.maxTemplateBytes.
    expect(text.length).toBeGreaterThan(DEFAULT_LIMITS.maxTemplateBytes);
    const parsed = parseCloudFormation('big.yaml', text, {
      limits: { ...DEFAULT_LIMITS, maxTemplateBytes: 16 * 1024 * 1024 },
      region: 'us-west-2',
    });
    expect(parsed.errors).toEqual([]);
    const groups = parsed.entities.filter((e): e is SecurityGroup => e.type === 'SecurityGroup');
    expect(groups).toHaveLength(count);
    const unknownProtocols = groups.filter((g) => g.egress.some((r) => !r.protocol.known)).length;
    const unknownVpcs = groups.filter((g) => g.vpc.kind !== 'entity').length;
    const unknownPeers = groups.filter((g) => g.ingress.some((r) => r.peer.kind !== 'sg' || r.peer.ref.kind !== 'entity')).length;
    expect({ unknownProtocols, unknownVpcs, unknownPeers }).toEqual({ unknownProtocols: 0, unknownVpcs: 0, unknownPeers: 0 });
  }, 60_000);
});
