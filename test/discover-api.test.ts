// discoverCluster with an injected runner (no process), the real spawnRunner against small node programs, and the
// CLI's --discover options in-process: every way a command can fail, every provider's argv, the checks on names.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { discoverCluster, DEFAULT_TIMEOUT_MS } from '../lib/discover/index.js';
import { commandLine, firstErrorLine } from '../lib/discover/session.js';
import { spawnRunner } from '../lib/discover/spawn.js';
import type { CommandRequest, CommandResult, CommandRunner, DiscoverTarget } from '../lib/discover/types.js';
import { resolveValues, explainRanges, RenderInjectorError } from '../lib/index.js';
import { getProvider } from '../providers/index.js';
import { main, type CliIO } from '../lib/cli/main.js';
import { processIO } from '../lib/cli/io.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures/discover');
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');
const ok = (stdout: string, stderr = ''): CommandResult => ({ status: 'exited', exitCode: 0, stdout, stderr });
const exit = (exitCode: number, stderr: string, stdout = ''): CommandResult => ({ status: 'exited', exitCode, stdout, stderr });

/** A runner that answers each command from `answer` and records the requests. */
function recorder(answer: (argv: readonly string[]) => CommandResult | Promise<CommandResult>) {
  const requests: CommandRequest[] = [];
  const run: CommandRunner = async (request) => {
    requests.push(request);
    return answer(request.argv);
  };
  return { run, requests };
}

async function rejection(p: Promise<unknown>): Promise<RenderInjectorError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RenderInjectorError) return e;
    throw e;
  }
  throw new Error('expected a RenderInjectorError');
}

t.test('gke: argv with and without --project; ranges read by the gke parser with the command as source', async (t) => {
  const { run, requests } = recorder(() => ok(fixture('gke-shop-prod.json')));
  const found = await discoverCluster({ provider: 'gke', cluster: 'shop-prod', location: 'europe-west4', project: 'shop-1234' }, { run });
  t.same(requests[0]?.argv, ['gcloud', 'container', 'clusters', 'describe', 'shop-prod', '--location', 'europe-west4', '--project', 'shop-1234', '--format', 'json', '--quiet']);
  t.same(requests[0]?.env, { CLOUDSDK_CORE_DISABLE_PROMPTS: '1', CLOUDSDK_CORE_DISABLE_COLOR: '1', CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK: '1' });
  t.equal(requests[0]?.timeoutMs! <= DEFAULT_TIMEOUT_MS && requests[0]?.timeoutMs! > DEFAULT_TIMEOUT_MS - 5000, true, 'the default deadline');
  const line = 'gcloud container clusters describe shop-prod --location europe-west4 --project shop-1234 --format json --quiet';
  t.same(found.commands, [line]);
  t.same(
    found.ranges.map((r) => `${r.cidr} ${r.role} ${r.source}`),
    [`10.8.0.0/14 pods ${line}: clusterIpv4Cidr`, `34.118.224.0/20 services ${line}: servicesIpv4Cidr`],
  );
  // The same text through --cluster-info gives the same ranges: one parser.
  t.same(
    getProvider('gke').discover(fixture('gke-shop-prod.json'), 'x').ranges.map((r) => r.cidr),
    found.ranges.map((r) => r.cidr),
  );
  const explained = explainRanges(resolveValues({ provider: 'gke', discovered: found }).ranges);
  t.match(explained, `34.118.224.0/20  from gke ${line}: servicesIpv4Cidr`);

  const plain = recorder(() => ok(fixture('gke-shop-prod.json')));
  await discoverCluster({ provider: 'GKE', cluster: 'shop-prod', location: 'europe-west4' }, { run: plain.run, timeoutMs: 5000 });
  t.same(plain.requests[0]?.argv, ['gcloud', 'container', 'clusters', 'describe', 'shop-prod', '--location', 'europe-west4', '--format', 'json', '--quiet']);
  t.ok(plain.requests[0]!.timeoutMs <= 5000);
});

t.test('aks: subscription optional; the pod-subnet note only for Azure CNI without overlay', async (t) => {
  const cni = recorder(() => ok(fixture('aks-azure-cni.json')));
  const found = await discoverCluster({ provider: 'aks', cluster: 'legacy-aks', resourceGroup: 'shop-rg', subscription: '0b1f6471-1bf0-4dda-aec3-111122223333' }, { run: cni.run });
  t.same(cni.requests[0]?.argv, ['az', 'aks', 'show', '-g', 'shop-rg', '-n', 'legacy-aks', '--subscription', '0b1f6471-1bf0-4dda-aec3-111122223333', '-o', 'json', '--only-show-errors']);
  t.same(found.warnings.map((w) => w.code), ['W_AKS_POD_SUBNET'], "the note replaces the parser's W_VNET_PODS");
  t.same(found.ranges.map((r) => r.cidr), ['10.0.0.0/16']);

  const overlay = recorder(() => ok(fixture('aks-overlay.json')));
  const o = await discoverCluster({ provider: 'aks', cluster: 'shop-aks', resourceGroup: 'shop-rg' }, { run: overlay.run });
  t.same(overlay.requests[0]?.argv, ['az', 'aks', 'show', '-g', 'shop-rg', '-n', 'shop-aks', '-o', 'json', '--only-show-errors']);
  t.same(o.warnings, []);

  for (const profile of [{ networkPlugin: 'kubenet', podCidr: '10.244.0.0/16', serviceCidr: '10.0.0.0/16' }, { networkPlugin: 'azure', podCidr: '10.244.0.0/16', serviceCidr: '10.0.0.0/16' }]) {
    const r = recorder(() => ok(JSON.stringify({ networkProfile: profile })));
    const f = await discoverCluster({ provider: 'aks', cluster: 'a', resourceGroup: 'b' }, { run: r.run });
    t.same(f.warnings, [], `${profile.networkPlugin} with a podCidr needs no note`);
  }
});

t.test('eks: describe-cluster, then describe-vpcs for the VPC it names; each range sourced from its command', async (t) => {
  const vpcs = {
    Vpcs: [
      {
        VpcId: 'vpc-0f1e2d3c4b5a69788',
        CidrBlock: '10.0.0.0/16',
        CidrBlockAssociationSet: [
          { CidrBlock: '10.0.0.0/16', CidrBlockState: { State: 'associated' } },
          { CidrBlock: '10.1.0.0/16', CidrBlockState: { State: 'disassociating' } },
        ],
      },
    ],
  };
  const { run, requests } = recorder((argv) => ok(argv[1] === 'eks' ? fixture('eks-describe-cluster.json') : JSON.stringify(vpcs)));
  const found = await discoverCluster({ provider: 'eks', cluster: 'shop', region: 'eu-west-1', profile: 'deploy' }, { run });
  t.same(requests.map((r) => r.argv), [
    ['aws', 'eks', 'describe-cluster', '--name', 'shop', '--region', 'eu-west-1', '--profile', 'deploy', '--output', 'json'],
    ['aws', 'ec2', 'describe-vpcs', '--vpc-ids', 'vpc-0f1e2d3c4b5a69788', '--region', 'eu-west-1', '--profile', 'deploy', '--output', 'json'],
  ]);
  t.same(requests[0]?.env, { AWS_PAGER: '', AWS_CLI_AUTO_PROMPT: 'off' });
  const [describe, describeVpcs] = found.commands;
  t.same(
    found.ranges.map((r) => `${r.cidr} ${r.source.split(':')[0]}`),
    [
      `172.20.0.0/16 ${describe}`,
      `192.168.64.0/20 ${describe}`,
      `192.168.96.0/20 ${describe}`,
      `10.0.0.0/16 ${describeVpcs}`,
    ],
    'the disassociating block is left out',
  );

  // No VPC id (or one not shaped like a VPC id): one command, and the parser's warning, worded for discovery.
  for (const vpcId of [undefined, '--vpc-ids=vpc-1; rm -rf /']) {
    const cluster = { cluster: { resourcesVpcConfig: vpcId === undefined ? {} : { vpcId }, kubernetesNetworkConfig: { serviceIpv4Cidr: '172.20.0.0/16' } } };
    const one = recorder(() => ok(JSON.stringify(cluster)));
    const f = await discoverCluster({ provider: 'eks', cluster: 'shop' }, { run: one.run });
    t.same(one.requests.map((r) => r.argv), [['aws', 'eks', 'describe-cluster', '--name', 'shop', '--output', 'json']]);
    t.same(f.warnings.map((w) => w.code), ['W_EKS_VPC']);
    t.match(f.warnings[0]?.message, /^the answer has no describe-vpcs output/);
    t.equal(f.warnings[0]?.place?.file, '--discover');
  }
});

t.test('iks, openshift, and the kubectl family', async (t) => {
  const iks = recorder(() => ok(fixture('iks-cluster.json')));
  t.same((await discoverCluster({ provider: 'iks', cluster: 'shop-iks' }, { run: iks.run })).ranges.map((r) => r.cidr), ['172.30.0.0/16', '172.21.0.0/16']);
  t.same(iks.requests[0]?.env, { IBMCLOUD_COLOR: 'false', IBMCLOUD_VERSION_CHECK: 'false', IBMCLOUD_QUIET: 'true' });

  const oc = recorder(() => ok(fixture('openshift-network.json')));
  await discoverCluster({ provider: 'openshift', context: 'admin', kubeconfig: '/etc/kube/config' }, { run: oc.run });
  t.same(oc.requests[0]?.argv, ['oc', '--kubeconfig', '/etc/kube/config', '--context', 'admin', 'get', 'network.config.openshift.io', 'cluster', '-o', 'json']);

  for (const provider of ['kubectl', 'kind', 'k3s', 'minikube', 'docker-desktop', 'microk8s']) {
    const k = recorder((argv) => ok(fixture(argv.includes('nodes') ? 'k8s-nodes.json' : 'k8s-servicecidrs.json')));
    const found = await discoverCluster({ provider, context: 'dev' }, { run: k.run });
    t.same(k.requests.map((r) => r.argv), [
      ['kubectl', '--context', 'dev', 'get', 'servicecidrs.v1.networking.k8s.io', '-o', 'json'],
      ['kubectl', '--context', 'dev', 'get', 'nodes', '-o', 'json'],
    ]);
    t.equal(found.provider, provider);
    t.same(found.warnings.map((w) => w.code), ['W_NODE_POD_CIDRS']);
    t.equal(found.ranges.filter((r) => r.role === 'services').length, 3, `${provider}: both ServiceCIDR objects are read`);
  }
});

t.test('kubectl: a server without the ServiceCIDR API is a note; any other failure is an error', async (t) => {
  const legacy = recorder((argv) =>
    argv.includes('nodes') ? ok(fixture('k8s-nodes.json')) : exit(1, 'error: the server doesn\'t have a resource type "servicecidrs"\n'),
  );
  const found = await discoverCluster({ provider: 'kubectl' }, { run: legacy.run });
  t.same(found.warnings.map((w) => w.code), ['W_NODE_POD_CIDRS', 'W_NO_SERVICECIDR_API']);
  t.same(found.commands, ['kubectl get nodes -o json']);

  const denied = recorder(() => exit(1, 'error: You must be logged in to the server (Unauthorized)'));
  const e = await rejection(discoverCluster({ provider: 'kubectl' }, { run: denied.run }));
  t.equal(
    e.toLine(),
    '--discover: `kubectl get servicecidrs.v1.networking.k8s.io -o json` failed (exit 1): error: You must be logged in to the server (Unauthorized); ' +
      "not logged in or no credentials: run your cluster's login (check --context and --kubeconfig with kubectl config get-contexts), then try again",
  );
  t.equal(denied.requests.length, 1, 'nothing runs after a failure');
});

t.test('failures: each one line naming the command, what it said and the fix', async (t) => {
  const gke: DiscoverTarget = { provider: 'gke', cluster: 'shop', location: 'europe-west4' };
  const line = '`gcloud container clusters describe shop --location europe-west4 --format json --quiet`';
  const fails = async (result: CommandResult | (() => Promise<CommandResult>), timeoutMs?: number) =>
    (await rejection(discoverCluster(gke, { run: typeof result === 'function' ? result : async () => result, ...(timeoutMs ? { timeoutMs } : {}) }))).toLine();

  t.equal(
    await fails({ status: 'not-found', stdout: '', stderr: 'gcloud: spawn gcloud ENOENT' }),
    `--discover: ${line} cannot run: gcloud is not installed (not found on PATH); install the Google Cloud SDK (https://cloud.google.com/sdk/docs/install), or pass its output with --cluster-info FILE`,
  );
  t.equal(
    await fails({ status: 'timed-out', stdout: '', stderr: 'Go to the following link in your browser:\n' }, 2500),
    `--discover: ${line} did not finish within 2.5s and was killed (it said: Go to the following link in your browser:); it may be waiting for a login (gcloud auth login) or the network; run it yourself to see, or raise --discover-timeout SECONDS`,
  );
  t.match(await fails({ status: 'timed-out', stdout: '', stderr: '' }), `${line} did not finish within 60s and was killed; `);
  t.equal(
    await fails(exit(1, 'ERROR: (gcloud.container.clusters.describe) There was a problem refreshing your current auth tokens: Reauthentication required.\n')),
    `--discover: ${line} failed (exit 1): ERROR: (gcloud.container.clusters.describe) There was a problem refreshing your current auth tokens: Reauthentication required.; not logged in or no credentials: run gcloud auth login, then try again`,
  );
  t.match(await fails(exit(1, 'ERROR: (gcloud.container.clusters.describe) ResponseError: code=404, message=Not found: projects/p/locations/l/clusters/shop.')), /; not found: check --cluster, --location and --project/);
  t.equal(await fails(exit(2, '')), `--discover: ${line} failed (exit 2); fix what gcloud says, or pass its output with --cluster-info FILE`);
  t.match(await fails(exit(1, '', 'Something went wrong on stdout\n')), `failed (exit 1): Something went wrong on stdout; fix what gcloud says`);
  t.equal(await fails(ok('  \n')), `--discover: ${line} exited 0 but printed nothing; it may want a fresh login (gcloud auth login); or pass its output with --cluster-info FILE`);
  t.match(await fails(ok('', 'WARNING: Reauthentication failed.')), `exited 0 but printed nothing (it said: WARNING: Reauthentication failed.);`);
  t.match(await fails(ok('name: shop\nclusterIpv4Cidr: 10.0.0.0/14\n')), `${line} exited 0 but printed no JSON (its output starts: name: shop); check that gcloud is the real CLI`);
  t.equal(
    await fails(ok('{"name":"shop","status":"RUNNING"}')),
    `--discover (servicesIpv4Cidr): ${line} answered without what gke needs: gke cluster info has no servicesIpv4Cidr; ` +
      'check that the cluster is a Google Kubernetes Engine cluster and gcloud is up to date; or save the output, fix it, and pass it with --cluster-info FILE',
  );
  t.match(await fails(ok('{"clusterIpv4Cidr":"10.0.0.0/14","servicesIpv4Cidr":"10.300.0.0/20"}')), /^--discover.*answered without what gke needs: .*10\.300\.0\.0\/20/);

  // The deadline covers every command: a second one gets only what is left, and none when nothing is.
  const slow: CommandRunner = async (request) => {
    await new Promise((resolve) => setTimeout(resolve, 60));
    return ok(request.argv[1] === 'eks' ? fixture('eks-describe-cluster.json') : '{"Vpcs":[]}');
  };
  const late = await rejection(discoverCluster({ provider: 'eks', cluster: 'shop' }, { run: slow, timeoutMs: 50 }));
  t.match(late.toLine(), /^--discover: `aws ec2 describe-vpcs --vpc-ids vpc-0f1e2d3c4b5a69788 --output json` was not started: the 0\.05s deadline had passed; /);
});

t.test('a parser bug stays an internal fault, not a user error', async (t) => {
  const iks = getProvider('iks');
  const original = iks.discover;
  iks.discover = () => {
    throw new TypeError('boom');
  };
  t.teardown(() => {
    iks.discover = original;
  });
  await t.rejects(discoverCluster({ provider: 'iks', cluster: 'x' }, { run: async () => ok('{}') }), TypeError);
});

t.test('names are checked before anything runs; options a provider does not read are refused', async (t) => {
  const never: CommandRunner = async () => {
    throw new Error('must not run');
  };
  const cases: [DiscoverTarget, RegExp][] = [
    [{ provider: 'gke', location: 'europe-west4' }, /^--cluster: --discover for gke needs --cluster; write --cluster CLUSTER \(a cluster name/],
    [{ provider: 'gke', cluster: 'shop' }, /^--location: --discover for gke needs --location; write --location LOCATION/],
    [{ provider: 'gke', cluster: '-x', location: 'europe-west4' }, /^--cluster: --cluster "-x" is not a cluster name/],
    [{ provider: 'gke', cluster: 'shop', location: 'Europe West' }, /^--location: --location "Europe West" is not a Google Cloud region or zone/],
    [{ provider: 'gke', cluster: 'shop', location: 'europe-west4', project: '--account=x' }, /^--project: /],
    [{ provider: 'eks', cluster: 'shop', region: 'eu west' }, /^--region: /],
    [{ provider: 'eks', cluster: 'shop', profile: '-p' }, /^--profile: /],
    [{ provider: 'aks', cluster: 'shop', resourceGroup: '-g' }, /^--resource-group: /],
    [{ provider: 'aks', cluster: 'shop', resourceGroup: 'rg', subscription: '--debug' }, /^--subscription: /],
    [{ provider: 'aks', cluster: 'shop' }, /^--resource-group: --discover for aks needs --resource-group; write --resource-group RESOURCE_GROUP/],
    [{ provider: 'kubectl', context: '--server=http://evil' }, /^--context: /],
    [{ provider: 'kubectl', kubeconfig: 'a\nb' }, /^--kubeconfig: /],
    [{ provider: 'kubectl', cluster: 'shop' }, /^--cluster: --discover for kubectl does not read --cluster; kubectl reads --context, --kubeconfig$/],
    [{ provider: 'gke', cluster: 'shop', location: 'europe-west4', region: 'eu-west-1' }, /^--region: --discover for gke does not read --region/],
    [{ provider: 'icp' }, /^--discover: icp has no CLI that prints a cluster's ranges, so --discover cannot ask one; run `cat cluster\/config\.yaml/],
    [{ provider: 'acs' }, /^--discover: acs has no CLI/],
    [{ provider: 'gcp' }, /^--provider: unknown provider "gcp"/],
  ];
  for (const [target, message] of cases) {
    t.match((await rejection(discoverCluster(target, { run: never }))).toLine(), message, JSON.stringify(target));
  }
});

t.test('the kubectl parser reads ServiceCIDRs from --cluster-info too, in every shape kubectl prints them', async (t) => {
  const kubectl = getProvider('kubectl');
  const list = JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      { apiVersion: 'networking.k8s.io/v1', kind: 'ServiceCIDR', metadata: { name: 'kubernetes' }, spec: { cidrs: ['10.96.0.0/16'] } },
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: { podCIDRs: ['10.244.0.0/24'] } },
    ],
  });
  const both = kubectl.discover(list, 'get.json');
  t.same(both.ranges.map((r) => `${r.role} ${r.cidr} ${r.source}`), [
    'services 10.96.0.0/16 get.json: items[0].spec.cidrs',
    'pods 10.244.0.0/24 get.json: items[1].spec.podCIDRs',
  ]);
  const single = kubectl.discover('apiVersion: networking.k8s.io/v1\nkind: ServiceCIDR\nmetadata: {name: extra}\nspec:\n  cidrs: [10.100.0.0/24]\n', 'one.yaml');
  t.same(single.ranges.map((r) => r.cidr), ['10.100.0.0/24']);
  t.same(single.warnings, [], 'no pod range is no warning of its own: nodes may have none');
  const unnamed = kubectl.discover(fixture('k8s-servicecidrs.json'), 'api.json');
  t.same(unnamed.ranges.map((r) => r.cidr), ['10.96.0.0/16', 'fd00:10:96::/112', '10.100.0.0/24'], "a ServiceCIDRList's items need no kind");
  const other = kubectl.discover('{"kind":"ConfigMapList","items":[{"spec":{"cidrs":["10.1.0.0/16"]}}]}\n---\n' + fixture('k8s-nodes.json'), 'mixed.json');
  t.notOk(other.ranges.some((r) => r.cidr === '10.1.0.0/16'), 'items of other lists are not ServiceCIDRs');
});

t.test('firstErrorLine picks the telling line and never shows a credential', async (t) => {
  t.equal(firstErrorLine(''), '');
  t.equal(firstErrorLine('\n\nplain words\nmore\n'), 'plain words');
  t.equal(firstErrorLine('E1202 11:58:41.835616 10921 memcache.go:265] noise\nerror: the server could not find it\n'), 'error: the server could not find it');
  t.equal(firstErrorLine('Traceback:\n  ValueError: bad\n'), 'ValueError: bad');
  t.equal(firstErrorLine('FAILED\nNot logged in.\n'), 'Not logged in.');
  t.equal(firstErrorLine('error: x'.padEnd(300, 'y')).length, 200);
  t.equal(firstErrorLine('error:\u0007 bell'), 'error:  bell');
  for (const [secret, shown] of [
    ['error: Authorization: Bearer abc.def-ghi', 'error: Authorization: Bearer ***'],
    ['error: token ya29.a0AfH6SMBx rejected', 'error: token *** rejected'],
    ['error: key AKIAIOSFODNN7EXAMPLE invalid', 'error: key *** invalid'],
    ['error: jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig', 'error: jwt ***'],
    ['error: {"access_token": "s3cr3t", "password=hunter2"}', 'error: {"access_token": "***", "password=***"}'],
  ] as const) {
    t.equal(firstErrorLine(secret), shown);
  }
});

t.test('commandLine quotes what a shell would split', async (t) => {
  t.equal(commandLine(['az', 'aks', 'show', '--subscription', "Shop's Prod", '-o', 'json']), "az aks show --subscription 'Shop'\\''s Prod' -o json");
  t.equal(commandLine(['kubectl', '--context', 'arn:aws:eks:eu-west-1:1:cluster/shop']), 'kubectl --context arn:aws:eks:eu-west-1:1:cluster/shop');
});

t.test('resolveValues with discovered ranges', async (t) => {
  const found = await discoverCluster({ provider: 'iks', cluster: 'shop' }, { run: async () => ok(fixture('iks-cluster.json')) });
  t.same(resolveValues({ provider: 'iks', discovered: found }).ranges.ipv4, ['172.21.0.0/16', '172.30.0.0/16']);
  const preset = resolveValues({ provider: 'iks', preset: 'legacy', discovered: found });
  t.same(preset.ranges.ipv4, ['172.21.0.0/16', '172.30.0.0/16'], 'the preset is ignored');
  t.match(preset.warnings.map((w) => w.code), ['W_PRESET_IGNORED']);
  t.throws(() => resolveValues({ provider: 'gke', discovered: found }), { code: 'E_USAGE', message: "the discovered ranges are iks's, not gke's" });
  t.throws(() => resolveValues({ discovered: found }), { code: 'E_USAGE', message: '--discover needs --provider' });
  t.throws(() => resolveValues({ provider: 'iks', discovered: found, clusterInfo: { name: 'x', text: '' } }), { code: 'E_USAGE', message: "--discover and --cluster-info both give the cluster's ranges" });
});

t.test('spawnRunner: real processes, no shell, stdin closed, the group killed at the deadline', async (t) => {
  const node = process.execPath;
  const run = spawnRunner({ env: { PATH: process.env.PATH, UNSET: undefined, KEEP: 'base' } });
  const echo = await run({
    argv: [node, '-e', 'process.stdout.write(process.argv[1] + "|" + process.env.KEEP + "|" + process.env.EXTRA + "|" + ("UNSET" in process.env)); process.stderr.write("e"); process.stdin.on("data", () => process.exit(7)).on("end", () => process.exit(3))', '$(id) ; *'],
    env: { EXTRA: 'x' },
    timeoutMs: 20_000,
  });
  t.same(echo, { status: 'exited', exitCode: 3, stdout: '$(id) ; *|base|x|false', stderr: 'e' }, 'argv untouched by a shell; stdin at end at once');

  const signalled = await run({ argv: ['sh', '-c', 'kill -TERM $$; sleep 5'], env: {}, timeoutMs: 20_000 });
  t.equal(signalled.exitCode, 143, 'killed by SIGTERM: 128 + 15');

  t.same(await run({ argv: ['render-injector-no-such-program'], env: {}, timeoutMs: 20_000 }), {
    status: 'not-found',
    stdout: '',
    stderr: 'render-injector-no-such-program: spawn render-injector-no-such-program ENOENT',
  });

  const capped = spawnRunner({ env: { PATH: process.env.PATH }, maxOutputBytes: 10 });
  const big = await capped({ argv: [node, '-e', 'process.stdout.write("a".repeat(70000)); setTimeout(() => process.stdout.write("b"), 50)'], env: {}, timeoutMs: 20_000 });
  t.ok(big.stdout.length >= 10 && big.stdout.length < 70001 && !big.stdout.includes('b'), 'output past the cap is dropped');

  // A command that starts a grandchild and hangs: both are gone when the runner answers, soon after the deadline.
  const started = Date.now();
  const hang = await run({
    argv: [node, '-e', 'const c = require("child_process").spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" }); console.log(c.pid); console.error("waiting"); setInterval(() => {}, 1000)'],
    env: {},
    timeoutMs: 1500,
  });
  const took = Date.now() - started;
  t.equal(hang.status, 'timed-out');
  t.equal(hang.stderr, 'waiting\n');
  t.ok(took >= 1500 && took < 3500, `answered ${took} ms after it started, for a 1500 ms deadline`);
  const grandchild = Number(hang.stdout.trim());
  await new Promise((resolve) => setTimeout(resolve, 200));
  t.notOk(alive(grandchild), `the grandchild ${grandchild} was killed with the group`);
});

function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** A CliIO that keeps what is written; `run` answers commands. */
function memoryIO(run: CommandRunner | undefined, tty = false) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    stdout: (s) => void out.push(s),
    stderr: (s) => void err.push(s),
    readText: async () => '',
    stdinBytes: { read: async () => new Uint8Array(), write: () => undefined },
    namesStdin: async (path) => path === '-',
    writeFiles: async () => undefined,
    color: false,
    version: '0.0.0',
    ...(run ? { runCommand: run } : {}),
    stderrIsTTY: tty,
  };
  return { io, out, err };
}

t.test('the CLI: --discover options, their checks, and the progress line on a terminal', async (t) => {
  const iks: CommandRunner = async () => ok(fixture('iks-cluster.json'));
  const plain = memoryIO(iks);
  t.equal(await main(['ranges', '-p', 'iks', '--discover', '--cluster', 'shop', '--discover-timeout', '90'], plain.io), 0);
  t.same(plain.out, ['172.21.0.0/16,172.30.0.0/16\n']);
  t.same(plain.err, [], 'no progress line when stderr is not a terminal');

  const slow: CommandRunner = async () => {
    await new Promise((resolve) => setTimeout(resolve, 1200));
    return ok(fixture('iks-cluster.json'));
  };
  const tty = memoryIO(slow, true);
  t.equal(await main(['ranges', '-p', 'iks', '--discover', '--cluster', 'shop'], tty.io), 0);
  t.match(tty.err[0], /^\r\u001b\[Kwaiting for ibmcloud ks cluster get --cluster shop --output json \(0s, at most 60s\)$/);
  t.match(tty.err[1], /^\r\u001b\[Kwaiting for ibmcloud ks cluster get --cluster shop --output json \(1s, at most 60s\)$/);
  t.equal(tty.err.at(-1), '\r\u001b[K', 'the progress line is cleared');
  t.same(tty.out, ['172.21.0.0/16,172.30.0.0/16\n']);

  const all = memoryIO(async (r) => ok(fixture(r.argv.includes('nodes') ? 'k8s-nodes.json' : 'k8s-servicecidrs.json')));
  t.equal(await main(['ranges', '-p', 'kind', '--discover', '--context', 'kind-dev', '--kubeconfig', '/tmp/kc'], all.io), 0, all.err.join(''));

  const usage = async (args: string[], message: string, run: CommandRunner | null = iks) => {
    const m = memoryIO(run ?? undefined);
    t.equal(await main(args, m.io), 2, args.join(' '));
    t.same(m.out, []);
    t.equal(m.err.join(''), `error: ${message}\n`);
  };
  await usage(['ranges', '-p', 'iks', '--cluster', 'shop'], "--cluster: --cluster is read only with --discover; add --discover to ask the provider's CLI, or leave it out");
  await usage(['ranges', '-p', 'iks', '--discover-timeout', '5'], "--discover-timeout: --discover-timeout is read only with --discover; add --discover to ask the provider's CLI, or leave it out");
  await usage(['ranges', '--discover', '--cluster', 'shop'], '--discover needs --provider; name the provider, e.g. --provider gke (see `render-injector providers`)');
  await usage(['ranges', '-p', 'iks', '--discover', '--cluster', 'shop', '--cluster-info', 'x.json'], "--discover and --cluster-info both give the cluster's ranges; use --discover to ask the CLI, or --cluster-info FILE to read its saved output, not both");
  for (const bad of ['0', '-1', 'soon', '3601', '1e3']) {
    await usage(['ranges', '-p', 'iks', '--discover', '--cluster', 'shop', `--discover-timeout=${bad}`], `--discover-timeout: --discover-timeout "${bad}" is not a number of seconds between 0 and 3600; write e.g. --discover-timeout 120`);
  }
  await usage(['ranges', '-p', 'iks', '--discover', '--cluster', 'shop'], "--discover cannot run commands here; pass the CLI's output with --cluster-info FILE", null);
  await usage(['post-render', '-p', 'icp', '--discover'], "--discover: icp has no CLI that prints a cluster's ranges, so --discover cannot ask one; run `cat cluster/config.yaml   # in the ICP installation directory on the boot node` and pass its output with --cluster-info FILE");
});

t.test("processIO gives the CLI the real runner and says whether stderr is a terminal", async (t) => {
  const stream = (isTTY: boolean) => ({ write: () => true, isTTY }) as unknown as NodeJS.Process['stderr'];
  const proc = { stdin: process.stdin, stdout: stream(false), stderr: stream(true), env: { PATH: process.env.PATH } } as unknown as Pick<NodeJS.Process, 'stdin' | 'stdout' | 'stderr' | 'env'>;
  const io = processIO('1.0.0', proc);
  t.equal(io.stderrIsTTY, true);
  const r = await io.runCommand!({ argv: [process.execPath, '-e', 'console.log("hi")'], env: {}, timeoutMs: 20_000 });
  t.same(r, { status: 'exited', exitCode: 0, stdout: 'hi\n', stderr: '' });
  // The runner is loaded on first use (start-up does not pay for node:child_process), then kept.
  const again = await io.runCommand!({ argv: [process.execPath, '-e', 'console.log("again")'], env: {}, timeoutMs: 20_000 });
  t.same(again, { status: 'exited', exitCode: 0, stdout: 'again\n', stderr: '' });
});
