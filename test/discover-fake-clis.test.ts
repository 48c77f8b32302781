// `--discover` with fake executables on PATH, only where no real CLI can run here (ibmcloud, oc, az) and for what
// no real CLI does on demand: hang past the deadline, be missing, exit 0 with nothing or with text. The built
// render-injector runs as a child process; each fake records the argv, variables and stdin it got.
import t, { type Test } from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bin, fixture, isolatedEnv, runCli, tempDir } from './helpers/fake-apis.js';
import { fakeSaw, modes, writeFake } from './helpers/fake-clis.js';

if (!existsSync(bin)) throw new Error(`${bin} is missing: run npm run build first`);

const fakes = tempDir('fakebin');
const logs = tempDir('fakelog');
writeFake(
  fakes,
  'az',
  modes({
    overlay: { out: fixture('aks-overlay.json') },
    cni: { out: fixture('aks-azure-cni.json') },
    nologin: { err: "ERROR: Please run 'az login' to setup account.", code: 1 },
    notfound: { err: "ERROR: (ResourceNotFound) The Resource 'Microsoft.ContainerService/managedClusters/nope' under resource group 'shop-rg' was not found.", code: 3 },
    empty: { out: '' },
    text: { out: 'Name       Location    ResourceGroup\nshop-aks   westeurope  shop-rg\n' },
    nofields: { out: '{"name":"shop-aks","networkProfile":{"networkPlugin":"kubenet"}}' },
  }),
);
writeFake(
  fakes,
  'ibmcloud',
  modes({
    ok: { out: fixture('iks-cluster.json') },
    nologin: { err: "FAILED\nNot logged in. Use 'ibmcloud login' to log in.", code: 1 },
    notfound: { err: 'FAILED\nThe specified cluster could not be found. (A0006)', code: 1 },
  }),
);
writeFake(
  fakes,
  'oc',
  modes({
    ok: { out: fixture('openshift-network.json') },
    nologin: { err: 'error: You must be logged in to the server (Unauthorized)', code: 1 },
    notopenshift: { err: 'error: the server doesn\'t have a resource type "network"', code: 1 },
  }),
);
// A gcloud that starts a child and then waits for ever (as a device-code login does); both pids are recorded.
writeFake(fakes, 'gcloud', `sleep 300 &\necho $! > "$FAKE_LOG/gcloud.child"\necho $$ > "$FAKE_LOG/gcloud.pid"\necho 'Waiting for login...' >&2\nsleep 300\n`);

const env = (mode: string, path = `${fakes}:/usr/bin:/bin`) => ({ ...isolatedEnv(tempDir('home')), PATH: path, FAKE_LOG: logs, FAKE_MODE: mode });

t.test('aks through az: argv, quiet variables, stdin closed; overlay ranges', async (t) => {
  const r = await runCli(['explain', '-p', 'aks', '--discover', '--cluster', 'shop-aks', '--resource-group', 'shop-rg', '--subscription', 'Shop Prod'], env('overlay'));
  t.equal(r.code, 0, r.err);
  t.equal(r.err, '');
  const line = "az aks show -g shop-rg -n shop-aks --subscription 'Shop Prod' -o json --only-show-errors";
  t.match(r.out, `10.0.0.0/16    from aks ${line}: networkProfile.serviceCidrs`);
  t.match(r.out, `10.244.0.0/16  from aks ${line}: networkProfile.podCidrs`);
  const saw = fakeSaw(logs, 'az');
  t.same(saw.argv, ['aks', 'show', '-g', 'shop-rg', '-n', 'shop-aks', '--subscription', 'Shop Prod', '-o', 'json', '--only-show-errors'], 'one argv element each, no shell');
  t.match(saw.env, /^AZURE_CORE_NO_COLOR=1$/m);
  t.match(saw.env, /^AZURE_CORE_ONLY_SHOW_ERRORS=1$/m);
  t.equal(saw.stdin, 'closed');
});

t.test('aks, Azure CNI without overlay: says the pod subnet is needed and how to pass it', async (t) => {
  const r = await runCli(['ranges', '-p', 'aks', '--discover', '--cluster', 'legacy-aks', '--resource-group', 'shop-rg'], env('cni'));
  t.equal(r.code, 0, r.err);
  t.equal(r.out, '10.0.0.0/16\n');
  t.equal(
    r.err,
    'warning: --discover: legacy-aks uses Azure CNI without overlay, so pods take addresses from a VNet subnet that az aks show does not print: ' +
      'find it with az aks show -g shop-rg -n legacy-aks --query "agentPoolProfiles[].[podSubnetId,vnetSubnetId]" and ' +
      'az network vnet subnet show --ids SUBNET_ID --query addressPrefix, then pass it with --include CIDR\n',
  );
});

t.test('iks through ibmcloud and openshift through oc', async (t) => {
  const iks = await runCli(['explain', '-p', 'iks', '--discover', '--cluster', 'shop-iks'], env('ok'));
  t.equal(iks.code, 0, iks.err);
  t.match(iks.out, '172.30.0.0/16  from iks ibmcloud ks cluster get --cluster shop-iks --output json: podSubnet');
  t.match(fakeSaw(logs, 'ibmcloud').env, /^IBMCLOUD_COLOR=false$/m);
  t.match(fakeSaw(logs, 'ibmcloud').env, /^IBMCLOUD_VERSION_CHECK=false$/m);

  const oc = await runCli(['ranges', '-p', 'openshift', '--discover', '--context', 'admin/api-shop:6443'], env('ok'));
  t.equal(oc.code, 0, oc.err);
  t.equal(oc.out, '10.128.0.0/14,172.30.0.0/16\n');
  t.same(fakeSaw(logs, 'oc').argv, ['--context', 'admin/api-shop:6443', 'get', 'network.config.openshift.io', 'cluster', '-o', 'json']);
});

/** Asserts a failure: exit 2, nothing on stdout, one line that starts and ends as given. */
function failsWith(t: Test, r: { code: number | null; out: string; err: string }, start: string, end: RegExp) {
  t.equal(r.code, 2, 'exit 2');
  t.equal(r.out, '', 'nothing on stdout');
  t.equal(r.err.split('\n').length, 2, 'one line');
  t.ok(r.err.startsWith(start), `starts with ${start}: ${r.err}`);
  t.match(r.err, end);
}

t.test('each failure is one line with the command, what the CLI said and the fix', async (t) => {
  const aks = ['ranges', '-p', 'aks', '--discover', '--cluster', 'shop-aks', '--resource-group', 'shop-rg'];
  const cmd = 'error: --discover: `az aks show -g shop-rg -n shop-aks -o json --only-show-errors`';
  failsWith(t, await runCli(aks, env('nologin')), `${cmd} failed (exit 1): ERROR: Please run 'az login' to setup account.;`, /not logged in or no credentials: run az login, then try again\n$/);
  failsWith(t, await runCli(aks, env('notfound')), `${cmd} failed (exit 3): ERROR: (ResourceNotFound)`, /; not found: check --cluster, --resource-group and --subscription \(az aks list --output table\)\n$/);
  failsWith(t, await runCli(aks, env('empty')), `${cmd} exited 0 but printed nothing;`, /it may want a fresh login \(az login\); or pass its output with --cluster-info FILE\n$/);
  failsWith(t, await runCli(aks, env('text')), `${cmd} exited 0 but printed no JSON (its output starts: Name       Location    ResourceGroup);`, /--cluster-info FILE\n$/);
  failsWith(t, await runCli(aks, env('nofields')), 'error: --discover (networkProfile.serviceCidr): `az aks show -g shop-rg -n shop-aks -o json --only-show-errors` answered without what aks needs: aks cluster info has no networkProfile.serviceCidr;', /--cluster-info FILE\n$/);

  const iks = ['ranges', '-p', 'iks', '--discover', '--cluster', 'shop-iks'];
  failsWith(t, await runCli(iks, env('nologin')), "error: --discover: `ibmcloud ks cluster get --cluster shop-iks --output json` failed (exit 1): Not logged in. Use 'ibmcloud login' to log in.;", /run ibmcloud login, then try again\n$/);
  failsWith(t, await runCli(iks, env('notfound')), 'error: --discover: `ibmcloud ks cluster get', /not found: check --cluster \(ibmcloud ks cluster ls\)\n$/);

  const oc = ['ranges', '-p', 'openshift', '--discover'];
  failsWith(t, await runCli(oc, env('nologin')), 'error: --discover: `oc get network.config.openshift.io cluster -o json` failed (exit 1): error: You must be logged in to the server (Unauthorized);', /run oc login/);
  failsWith(t, await runCli(oc, env('notopenshift')), 'error: --discover: `oc get', /not found: is this an OpenShift 4 cluster\?/);
});

t.test('a missing CLI: not installed, or pass its output with --cluster-info', async (t) => {
  const r = await runCli(['ranges', '-p', 'iks', '--discover', '--cluster', 'shop-iks'], env('ok', tempDir('emptybin')));
  failsWith(
    t,
    r,
    'error: --discover: `ibmcloud ks cluster get --cluster shop-iks --output json` cannot run: ibmcloud is not installed (not found on PATH); ',
    /install the IBM Cloud CLI with its ks plugin \(https:\/\/cloud\.ibm\.com\/docs\/cli\), or pass its output with --cluster-info FILE\n$/,
  );
});

t.test('a CLI that hangs: killed with its whole process group at the deadline', async (t) => {
  const r = await runCli(['ranges', '-p', 'gke', '--discover', '--cluster', 'shop', '--location', 'europe-west4', '--discover-timeout', '1.5'], env('hang'));
  failsWith(
    t,
    r,
    'error: --discover: `gcloud container clusters describe shop --location europe-west4 --format json --quiet` did not finish within 1.5s and was killed (it said: Waiting for login...);',
    /it may be waiting for a login \(gcloud auth login\) or the network; run it yourself to see, or raise --discover-timeout SECONDS\n$/,
  );
  // The fake would sleep 300 s. (The CLI's own start-up is in r.ms too, and slow on a loaded machine; the runner's
  // timing against the deadline itself is measured in-process in discover-api.test.ts.)
  t.ok(r.ms < 60_000, `the error came at the deadline, not when the CLI gave up (${r.ms} ms)`);
  t.ok(r.ms >= 1500, 'not before it');
  for (const file of ['gcloud.pid', 'gcloud.child']) {
    const pid = Number(readFileSync(join(logs, file), 'utf8'));
    t.notOk(alive(pid), `${file} (${pid}) is gone`);
  }
  t.match(fakeSaw(logs, 'gcloud').env, /^CLOUDSDK_CORE_DISABLE_PROMPTS=1$/m);
});

/** Whether `pid` is a live process (a zombie waiting for its reaper counts as gone). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z /.test(stat);
  } catch {
    return false;
  }
}
