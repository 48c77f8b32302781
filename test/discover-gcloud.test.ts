// `--discover` for GKE through the real gcloud, pointed at a fake container API on 127.0.0.1 with a fake access
// token: the ranges, the exact command line in `explain`, and gcloud's own failures, each one line with exit 2.
import t from 'tap';
import { existsSync } from 'node:fs';
import { bin, fixture, gcloudEnv, requireCli, runCli, startFake, tempDir, type FakeServer } from './helpers/fake-apis.js';

if (!existsSync(bin)) throw new Error(`${bin} is missing: run npm run build first`);
const { skip } = requireCli('gcloud');

const CLUSTERS: Record<string, string> = {
  '/v1/projects/shop-1234/locations/europe-west4/clusters/shop-prod': fixture('gke-shop-prod.json'),
  '/v1/projects/shop-1234/locations/us-central1/clusters/shop-dual': fixture('gke-shop-dual.json'),
  '/v1/projects/shop-1234/locations/europe-west4/clusters/hollow': '{"name":"hollow","status":"RUNNING"}',
};

let server: FakeServer;
t.before(async () => {
  server = await startFake((req) => {
    const path = req.url.split('?')[0] as string;
    if (req.method === 'GET' && Object.hasOwn(CLUSTERS, path)) return { body: CLUSTERS[path] as string };
    if (path.startsWith('/v1/projects/')) {
      return { status: 404, body: JSON.stringify({ error: { code: 404, message: `Not found: ${path}.`, status: 'NOT_FOUND' } }) };
    }
    return undefined;
  });
});
t.teardown(() => server.close());

t.test('single-stack cluster: ranges and explain name the gcloud command line', { skip }, async (t) => {
  const home = tempDir('gcloud');
  const args = ['--provider', 'gke', '--discover', '--cluster', 'shop-prod', '--location', 'europe-west4', '--project', 'shop-1234'];
  const r = await runCli(['ranges', ...args], gcloudEnv(home, server));
  t.equal(r.err, '');
  t.equal(r.code, 0);
  t.equal(r.out, '10.8.0.0/14,34.118.224.0/20\n');
  t.ok(
    server.seen.some((s) => s.method === 'GET' && s.url === '/v1/projects/shop-1234/locations/europe-west4/clusters/shop-prod?alt=json'),
    'gcloud asked the container API for the cluster',
  );
  const line = 'gcloud container clusters describe shop-prod --location europe-west4 --project shop-1234 --format json --quiet';
  const e = await runCli(['explain', ...args], gcloudEnv(home, server));
  t.equal(e.code, 0);
  t.equal(
    e.out,
    'includeIPRanges: 10.8.0.0/14,34.118.224.0/20\n' +
      `  10.8.0.0/14      from gke ${line}: clusterIpv4Cidr\n` +
      `  34.118.224.0/20  from gke ${line}: servicesIpv4Cidr\n` +
      'excludeIPRanges: none\n',
  );
});

t.test('dual-stack cluster: both families, IPv6 from ipAllocationPolicy', { skip }, async (t) => {
  const home = tempDir('gcloud');
  const r = await runCli(
    ['ranges', '-p', 'gke', '--discover', '--cluster', 'shop-dual', '--location', 'us-central1', '--project', 'shop-1234', '--format', 'json'],
    gcloudEnv(home, server),
  );
  t.equal(r.code, 0, r.err);
  const out = JSON.parse(r.out) as { ipv4: string[]; ipv6: string[] };
  t.same(out.ipv4, ['10.20.0.0/16', '10.24.0.0/20']);
  t.same(out.ipv6, ['2001:db8:4000:12::/64', '2001:db8:4000:99:0:1::/112']);
  t.match(r.err, /IPv6 ranges/, 'the IPv6 ranges are named as left out of the 0.8 values');
});

t.test("gcloud's own failures: one line, exit 2, nothing on stdout", { skip }, async (t) => {
  const home = tempDir('gcloud');
  const base = ['ranges', '-p', 'gke', '--discover', '--location', 'europe-west4', '--project', 'shop-1234'];

  const unknown = await runCli([...base, '--cluster', 'no-such-cluster'], gcloudEnv(home, server));
  t.equal(unknown.code, 2);
  t.equal(unknown.out, '');
  t.equal(unknown.err.split('\n').length, 2, 'one line');
  t.match(unknown.err, /^error: --discover: `gcloud container clusters describe no-such-cluster --location europe-west4 --project shop-1234 --format json --quiet` failed \(exit 1\): /);
  t.match(unknown.err, /Not found/);
  t.match(unknown.err, /; not found: check --cluster, --location and --project/);

  const noAccount = await runCli([...base, '--cluster', 'shop-prod'], gcloudEnv(tempDir('gcloud'), server, false));
  t.equal(noAccount.code, 2);
  t.equal(noAccount.out, '');
  t.equal(noAccount.err.split('\n').length, 2, 'one line');
  t.match(noAccount.err, /failed \(exit 1\): ERROR: \(gcloud\.container\.clusters\.describe\) You do not currently have an active account selected\./);
  t.match(noAccount.err, /run gcloud auth login/);
  t.notMatch(noAccount.err, /ya29|fake-token/, 'no token in the message');

  const hollow = await runCli([...base, '--cluster', 'hollow'], gcloudEnv(home, server));
  t.equal(hollow.code, 2);
  t.equal(hollow.out, '');
  t.equal(
    hollow.err,
    'error: --discover (servicesIpv4Cidr): `gcloud container clusters describe hollow --location europe-west4 --project shop-1234 --format json --quiet` ' +
      'answered without what gke needs: gke cluster info has no servicesIpv4Cidr; ' +
      'check that the cluster is a Google Kubernetes Engine cluster and gcloud is up to date; or save the output, fix it, and pass it with --cluster-info FILE\n',
  );
  t.equal(hollow.err.split('\n').length, 2, 'one line');
});

t.test('a name that could be read as an option never reaches gcloud', { skip }, async (t) => {
  const before = server.seen.length;
  const r = await runCli(
    ['ranges', '-p', 'gke', '--discover', '--cluster=--impersonate-service-account=x', '--location', 'europe-west4'],
    gcloudEnv(tempDir('gcloud'), server),
  );
  t.equal(r.code, 2);
  t.equal(r.out, '');
  t.match(r.err, /^error: --cluster: --cluster "--impersonate-service-account=x" is not a cluster name/);
  t.equal(server.seen.length, before, 'nothing was asked');
});
