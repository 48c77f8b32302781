// `--discover` for EKS through the real aws CLI (v1), pointed at a fake EKS + EC2 endpoint on 127.0.0.1 with fake
// keys: the service range, the VPC's associated CIDR blocks (a disassociated one left out), the hybrid nodes'
// pod networks, the command lines in `explain`, and aws's own failures.
import t from 'tap';
import { existsSync } from 'node:fs';
import { awsEnv, bin, fixture, requireCli, runCli, startFake, tempDir, type FakeServer } from './helpers/fake-apis.js';

if (!existsSync(bin)) throw new Error(`${bin} is missing: run npm run build first`);
const { skip } = requireCli('aws');

let server: FakeServer;
t.before(async () => {
  server = await startFake((req) => {
    if (req.method === 'GET' && req.url === '/clusters/shop') return { body: fixture('eks-describe-cluster.json') };
    if (req.method === 'GET' && req.url.startsWith('/clusters/')) {
      return {
        status: 404,
        headers: { 'x-amzn-errortype': 'ResourceNotFoundException' },
        body: JSON.stringify({ message: `No cluster found for name: ${req.url.slice('/clusters/'.length)}.` }),
      };
    }
    const form = new URLSearchParams(req.body);
    if (req.method === 'POST' && form.get('Action') === 'DescribeVpcs' && form.get('VpcId.1') === 'vpc-0f1e2d3c4b5a69788') {
      return { type: 'text/xml;charset=UTF-8', body: fixture('ec2-describe-vpcs.xml') };
    }
    return undefined;
  });
});
t.teardown(() => server.close());

const describe = 'aws eks describe-cluster --name shop --region eu-west-1 --output json';
const vpcs = 'aws ec2 describe-vpcs --vpc-ids vpc-0f1e2d3c4b5a69788 --region eu-west-1 --output json';

t.test('EKS: services, associated VPC blocks and remote pod networks, each from the command that printed it', { skip }, async (t) => {
  const home = tempDir('aws');
  const args = ['-p', 'eks', '--discover', '--cluster', 'shop', '--region', 'eu-west-1'];
  const r = await runCli(['ranges', ...args], awsEnv(home, server));
  t.equal(r.err, '');
  t.equal(r.code, 0);
  t.equal(r.out, '10.0.0.0/16,100.64.0.0/16,172.20.0.0/16,192.168.64.0/20,192.168.96.0/20\n', '10.1.0.0/16 (disassociated) is left out');
  t.ok(server.seen.some((s) => s.method === 'GET' && s.url === '/clusters/shop'), 'aws asked EKS for the cluster');
  t.ok(server.seen.some((s) => s.method === 'POST' && /Action=DescribeVpcs/.test(s.body)), 'aws asked EC2 for the VPC');

  const e = await runCli(['explain', ...args], awsEnv(home, server));
  t.equal(e.code, 0, e.err);
  const lines = e.out.split('\n');
  const vpcNote = '(an associated VPC CIDR block: the VPC CNI gives pods addresses from it)';
  const row = (cidr: string, source: string) => `  ${cidr.padEnd(15)}  from eks ${source}`;
  t.same(lines.slice(1, 6), [
    row('10.0.0.0/16', `${vpcs}: Vpcs[0].CidrBlock ${vpcNote}`),
    row('100.64.0.0/16', `${vpcs}: Vpcs[0].CidrBlockAssociationSet[1].CidrBlock ${vpcNote}`),
    row('172.20.0.0/16', `${describe}: cluster.kubernetesNetworkConfig.serviceIpv4Cidr`),
    row('192.168.64.0/20', `${describe}: cluster.remoteNetworkConfig.remotePodNetworks[0].cidrs`),
    row('192.168.96.0/20', `${describe}: cluster.remoteNetworkConfig.remotePodNetworks[0].cidrs`),
  ]);
});

t.test("aws's own failures: one line, exit 2, nothing on stdout", { skip }, async (t) => {
  const unknown = await runCli(['ranges', '-p', 'eks', '--discover', '--cluster', 'nope', '--region', 'eu-west-1'], awsEnv(tempDir('aws'), server));
  t.equal(unknown.code, 2);
  t.equal(unknown.out, '');
  t.equal(
    unknown.err,
    'error: --discover: `aws eks describe-cluster --name nope --region eu-west-1 --output json` failed (exit 255): ' +
      'An error occurred (ResourceNotFoundException) when calling the DescribeCluster operation: No cluster found for name: nope.; ' +
      'not found: check --cluster, --region and --profile (aws eks list-clusters --region REGION)\n',
  );

  const before = server.seen.length;
  const noKeys = await runCli(['ranges', '-p', 'eks', '--discover', '--cluster', 'shop', '--region', 'eu-west-1'], awsEnv(tempDir('aws'), server, false));
  t.equal(noKeys.code, 2);
  t.equal(noKeys.out, '');
  t.match(noKeys.err, /^error: --discover: `aws eks describe-cluster --name shop --region eu-west-1 --output json` failed \(exit 255\): Unable to locate credentials/);
  t.match(noKeys.err, /not logged in or no credentials: run aws configure \(or aws sso login --profile PROFILE\), then try again\n$/);
  t.equal(noKeys.err.split('\n').length, 2, 'one line');
  t.equal(server.seen.length, before, 'without credentials aws sent nothing');

  const profile = await runCli(
    ['ranges', '-p', 'eks', '--discover', '--cluster', 'shop', '--region', 'eu-west-1', '--profile', 'missing-profile'],
    awsEnv(tempDir('aws'), server),
  );
  t.equal(profile.code, 2);
  t.equal(profile.out, '');
  t.match(profile.err, /--profile missing-profile --output json` failed \(exit 255\): The config profile \(missing-profile\) could not be found/);
});
