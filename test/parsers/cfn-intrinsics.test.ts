import { describe, expect, it } from 'vitest';
import { CfnEvaluator, NO_VALUE, SymRef, SymUnknown, cidrSubnets, type TemplateContext } from '../../src/parsers/cfn-intrinsics.js';
import { parseYamlSource } from '../../src/parsers/yaml-source.js';
import { DEFAULT_LIMITS } from '../../src/engine/types.js';

/** Evaluator over a YAML template; `value(name)` resolves Outputs.<name>. */
function template(text: string, region?: string) {
  const doc = parseYamlSource('t.yaml', text, { limits: DEFAULT_LIMITS, cfnTags: true }).documents[0] as Record<
    string,
    Record<string, unknown>
  >;
  const ctx: TemplateContext = {
    parameters: doc.Parameters ?? {},
    mappings: doc.Mappings ?? {},
    conditions: doc.Conditions ?? {},
    resources: doc.Resources ?? {},
    region,
  };
  const ev = new CfnEvaluator(ctx);
  return { ev, value: (name: string) => ev.resolve(doc.Outputs![name]) };
}

const base = `
Parameters:
  VpcCidr: {Type: String, Default: 10.1.0.0/16}
  Env: {Type: String, Default: prod}
  NoDefault: {Type: String}
  Subnets: {Type: CommaDelimitedList, Default: "subnet-a, subnet-b"}
  SubnetIds: {Type: 'List<AWS::EC2::Subnet::Id>'}
  Ami: {Type: 'AWS::SSM::Parameter::Value<String>', Default: /aws/ami}
  Count: {Type: Number, Default: 3}
Mappings:
  Sizes:
    prod: {Cidr: 10.9.0.0/16, Count: 4}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  HasName: !Not [!Equals [!Ref NoDefault, '']]
  ProdAndNamed: !And [!Condition IsProd, !Condition HasName]
  DevAndNamed: !And [!Condition IsDev, !Condition HasName]
  ProdOrNamed: !Or [!Condition IsProd, !Condition HasName]
  Loop: !Condition Loop
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: !Ref VpcCidr}
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties: {VpcId: !Ref Vpc}
  Other:
    Type: AWS::EC2::SecurityGroup
`;

describe('Ref and pseudo parameters', () => {
  const { value } = template(`${base}
Outputs:
  Default: !Ref VpcCidr
  Missing: !Ref NoDefault
  List: !Ref Subnets
  ListNoDefault: !Ref SubnetIds
  Ssm: !Ref Ami
  Number: !Ref Count
  Resource: !Ref Vpc
  Region: !Ref AWS::Region
  Account: !Ref AWS::AccountId
  NoValue: !Ref AWS::NoValue
  Nothing: !Ref Nope
`);

  it('uses parameter defaults, split lists, and says why a value is unknown', () => {
    expect(value('Default')).toBe('10.1.0.0/16');
    expect(value('Missing')).toMatchObject({ reason: 'parameter NoDefault has no default', expr: '{"Ref":"NoDefault"}' });
    expect(value('List')).toEqual(['subnet-a', 'subnet-b']);
    expect(value('ListNoDefault')).toMatchObject({ reason: 'parameter SubnetIds has no default' });
    expect(value('Ssm')).toMatchObject({ reason: 'parameter Ami is read from SSM Parameter Store at deployment' });
    expect(value('Number')).toBe(3);
    expect(value('Nothing')).toMatchObject({ reason: 'Ref to Nope, which is not a parameter or resource of the template' });
  });

  it('turns a resource Ref into a reference', () => {
    const ref = value('Resource');
    expect(ref).toBeInstanceOf(SymRef);
    expect(ref).toMatchObject({ logicalId: 'Vpc', attribute: undefined });
  });

  it('knows AWS::Region only when given, and AWS::NoValue removes the value', () => {
    expect(value('Region')).toBeInstanceOf(SymUnknown);
    expect((value('Region') as SymUnknown).reason).toBe('AWS::Region is not known (no region given)');
    expect(template(`${base}\nOutputs:\n  R: !Ref AWS::Region\n`, 'eu-west-1').value('R')).toBe('eu-west-1');
    expect((value('Account') as SymUnknown).reason).toBe('AWS::AccountId is known only at deployment');
    expect(value('NoValue')).toBe(NO_VALUE);
  });

  it('removes AWS::NoValue items and properties', () => {
    const { ev } = template(base);
    expect(ev.resolve({ A: 1, B: { Ref: 'AWS::NoValue' }, C: [1, { Ref: 'AWS::NoValue' }, 2] })).toEqual({ A: 1, C: [1, 2] });
  });
});

describe('Fn::GetAtt', () => {
  const { value } = template(`${base}
Outputs:
  Cidr: !GetAtt Vpc.CidrBlock
  GroupId: !GetAtt Sg.GroupId
  SgVpc: !GetAtt [Sg, VpcId]
  NoVpc: !GetAtt Other.VpcId
  Missing: !GetAtt Ghost.Arn
`);

  it('returns a VPC CidrBlock written in the template', () => {
    expect(value('Cidr')).toBe('10.1.0.0/16');
  });

  it('is a reference to the resource otherwise', () => {
    expect(value('GroupId')).toMatchObject({ logicalId: 'Sg', attribute: 'GroupId', expr: '{"Fn::GetAtt":["Sg","GroupId"]}' });
    expect(value('SgVpc')).toMatchObject({ logicalId: 'Vpc', attribute: undefined });
    expect(value('NoVpc')).toMatchObject({ logicalId: 'Other', attribute: 'VpcId' });
    expect(value('Missing')).toMatchObject({ reason: 'Fn::GetAtt on Ghost, which is not a resource of the template' });
  });
});

describe('Fn::Sub, Fn::Join, Fn::Select, Fn::Split, Fn::FindInMap', () => {
  const { value } = template(
    `${base}
Outputs:
  SubString: !Sub "com.amazonaws.\${AWS::Region}.s3"
  SubMap: !Sub ["\${Name}-\${Env}-\${!Literal}", {Name: !Select [1, !Ref Subnets]}]
  SubAttr: !Sub "\${Vpc.CidrBlock}"
  SubUnknown: !Sub "arn:aws:s3:::\${NoDefault}/*"
  SubResource: !Sub "\${Sg}"
  Join: !Join [":", [a, !Ref Env, 3]]
  JoinUnknown: !Join ["", [a, !Ref NoDefault]]
  Select: !Select ["1", [x, y, z]]
  SelectRange: !Select [5, [x]]
  SelectAz: !Select [0, !GetAZs ""]
  Split: !Split [",", "a,b,,c"]
  SplitSelect: !Select [2, !Split ["/", "arn/aws/cluster"]]
  Map: !FindInMap [Sizes, !Ref Env, Cidr]
  MapMissing: !FindInMap [Sizes, dev, Cidr]
`,
    'us-west-2',
  );

  it('Fn::Sub string form substitutes known values', () => {
    expect(value('SubString')).toBe('com.amazonaws.us-west-2.s3');
    expect(value('SubAttr')).toBe('10.1.0.0/16');
  });

  it('Fn::Sub list form uses its variables and keeps ${!Literal}', () => {
    expect(value('SubMap')).toBe('subnet-b-prod-${Literal}');
  });

  it('Fn::Sub with any unknown part is unknown, with the reason of that part', () => {
    expect(value('SubUnknown')).toMatchObject({ reason: 'parameter NoDefault has no default' });
    expect(value('SubResource')).toMatchObject({ reason: 'Sg is known only after deployment' });
  });

  it('Fn::Join, Fn::Select, Fn::Split', () => {
    expect(value('Join')).toBe('a:prod:3');
    expect(value('JoinUnknown')).toMatchObject({ reason: 'parameter NoDefault has no default' });
    expect(value('Select')).toBe('y');
    expect(value('SelectRange')).toMatchObject({ reason: 'Fn::Select index 5 is out of range (1 items)' });
    expect(value('Split')).toEqual(['a', 'b', '', 'c']);
    expect(value('SplitSelect')).toBe('cluster');
  });

  it('never invents Availability Zone names', () => {
    expect(value('SelectAz')).toMatchObject({ reason: 'Availability Zone names of us-west-2 are not known offline (Fn::GetAZs)' });
  });

  it('Fn::FindInMap', () => {
    expect(value('Map')).toBe('10.9.0.0/16');
    expect(value('MapMissing')).toMatchObject({ reason: 'Fn::FindInMap: Sizes/dev/Cidr is not in Mappings' });
  });
});

describe('Fn::Cidr', () => {
  it('splits a parameter default: !Cidr [10.1.0.0/16, 2, 15] gives two /17s', () => {
    const { value } = template(`${base}
Outputs:
  Blocks: !Cidr [!Ref VpcCidr, 2, 15]
  First: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 2, 15]]
  Mapped: !Cidr [!FindInMap [Sizes, prod, Cidr], !FindInMap [Sizes, prod, Count], 8]
  Unknown: !Cidr [!Ref NoDefault, 2, 8]
`);
    expect(value('Blocks')).toEqual(['10.1.0.0/17', '10.1.128.0/17']);
    expect(value('First')).toBe('10.1.0.0/17');
    expect(value('Mapped')).toEqual(['10.9.0.0/24', '10.9.1.0/24', '10.9.2.0/24', '10.9.3.0/24']);
    expect(value('Unknown')).toMatchObject({ reason: 'parameter NoDefault has no default' });
  });

  it('does real CIDR math for IPv4 and IPv6 and rejects impossible splits', () => {
    expect(cidrSubnets('192.168.0.0/24', 6, 5)).toEqual([
      '192.168.0.0/27',
      '192.168.0.32/27',
      '192.168.0.64/27',
      '192.168.0.96/27',
      '192.168.0.128/27',
      '192.168.0.160/27',
    ]);
    expect(cidrSubnets('10.0.5.7/16', 1, 12)).toEqual(['10.0.0.0/20']);
    expect(cidrSubnets('2600:1f16:abc:1200::/56', 3, 64)).toEqual([
      '2600:1f16:abc:1200::/64',
      '2600:1f16:abc:1201::/64',
      '2600:1f16:abc:1202::/64',
    ]);
    expect(cidrSubnets('10.0.0.0/24', 3, 7)).toBe('Fn::Cidr cannot make 3 /25 blocks in /24');
    expect(cidrSubnets('10.0.0.0/24', 1, 9)).toBe('Fn::Cidr size 9 does not fit in /24');
    expect(cidrSubnets('10.0.0.300/24', 1, 4)).toBe('Fn::Cidr block "10.0.0.300/24" is not a CIDR');
    expect(cidrSubnets('10.0.0.0/16', 0, 8)).toBe('Fn::Cidr count 0 must be 1 to 256');
  });
});

describe('conditions and Fn::If', () => {
  const { ev, value } = template(`${base}
Outputs:
  Decided: !If [IsProd, big, small]
  Negated: !If [IsDev, big, small]
  Undecided: !If [HasName, !Ref Sg, !Ref Other]
  Agreeing: !If [HasName, !Ref Sg, !GetAtt Sg.GroupId]
  NoValue: !If [IsDev, x, !Ref AWS::NoValue]
`);

  it('decides conditions on known values', () => {
    expect(ev.condition('IsProd')).toEqual({ decided: true, value: true });
    expect(ev.condition('IsDev')).toEqual({ decided: true, value: false });
    expect(ev.condition('DevAndNamed')).toEqual({ decided: true, value: false });
    expect(ev.condition('ProdOrNamed')).toEqual({ decided: true, value: true });
  });

  it('leaves conditions on unknown values undecided, with the reason', () => {
    expect(ev.condition('HasName')).toEqual({ decided: false, reason: 'parameter NoDefault has no default' });
    expect(ev.condition('ProdAndNamed')).toEqual({ decided: false, reason: 'parameter NoDefault has no default' });
    expect(ev.condition('Loop')).toEqual({ decided: false, reason: 'condition Loop refers to itself' });
    expect(ev.condition('Nope')).toEqual({ decided: false, reason: 'condition Nope is not defined' });
  });

  it('picks the branch of a decided Fn::If', () => {
    expect(value('Decided')).toBe('big');
    expect(value('Negated')).toBe('small');
    expect(value('NoValue')).toBe(NO_VALUE);
  });

  it('keeps an undecided Fn::If as a stable expression, equal for equal text', () => {
    const a = value('Undecided') as SymUnknown;
    const b = value('Undecided') as SymUnknown;
    expect(a).toBeInstanceOf(SymUnknown);
    expect(a.reason).toBe('depends on condition HasName (parameter NoDefault has no default)');
    expect(a.expr).toBe('{"Fn::If":["HasName",{"Ref":"Sg"},{"Ref":"Other"}]}');
    expect(b.expr).toBe(a.expr);
  });

  it('resolves an undecided Fn::If whose branches agree', () => {
    expect(value('Agreeing')).toMatchObject({ logicalId: 'Sg' });
  });

  it('peel keeps the positioned branch of a decided Fn::If', () => {
    const branch = ['a', 'b'];
    expect(ev.peel({ 'Fn::If': ['IsProd', branch, []] })).toBe(branch);
    expect(ev.peel({ 'Fn::If': ['IsDev', branch, { Ref: 'AWS::NoValue' }] })).toBe(NO_VALUE);
  });

  it('keeps plain values by identity (positions stay attached)', () => {
    const plain = { A: [1, 2], B: { C: 'x' } };
    expect(ev.resolve(plain)).toBe(plain);
  });
});

describe('IAM resource patterns', () => {
  const { ev } = template(`${base}\nOutputs: {}\n`, 'us-west-2');

  it('widens unknown pseudo parameters to * inside Fn::Sub/Fn::Join only when asked', () => {
    const arn = { 'Fn::Sub': 'arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:cluster/*' };
    expect(ev.resolve(arn, { iamPattern: true })).toBe('arn:aws:sagemaker:us-west-2:*:cluster/*');
    expect(ev.resolve(arn)).toMatchObject({ reason: 'AWS::AccountId is known only at deployment' });
    const joined = { 'Fn::Join': ['', ['arn:aws:ssm:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':document/x']] };
    expect(ev.resolve(joined, { iamPattern: true })).toBe('arn:aws:ssm:us-west-2:*:document/x');
  });

  it('keeps other unknown parts unknown', () => {
    expect(ev.resolve({ 'Fn::Sub': '${Sg.Arn}/*' }, { iamPattern: true })).toMatchObject({
      reason: 'Sg.Arn is known only after deployment',
    });
    expect(ev.resolve({ 'Fn::Sub': 'arn:aws:s3:::${NoDefault}/*' }, { iamPattern: true })).toMatchObject({
      reason: 'parameter NoDefault has no default',
    });
  });
});
