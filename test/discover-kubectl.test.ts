// `--discover` through the real kubectl, pointed (by a kubeconfig with a fake token) at fake Kubernetes API
// servers on 127.0.0.1: one with the ServiceCIDR API (two objects, dual-stack) and nodes, one without it.
import t from 'tap';
import { existsSync } from 'node:fs';
import {
  bin,
  isolatedEnv,
  kubeconfigFor,
  kubernetesRoutes,
  requireCli,
  runCli,
  startFake,
  tempDir,
  type FakeServer,
} from './helpers/fake-apis.js';

if (!existsSync(bin)) throw new Error(`${bin} is missing: run npm run build first`);
const { skip } = requireCli('kubectl');

let current: FakeServer;
let legacy: FakeServer;
t.before(async () => {
  current = await startFake(kubernetesRoutes(() => current, { serviceCidrApi: true }));
  legacy = await startFake(kubernetesRoutes(() => legacy, { serviceCidrApi: false }));
});
t.teardown(async () => {
  await current.close();
  await legacy.close();
});

t.test('ServiceCIDRs give the service ranges, node podCIDRs the pod ranges (with the per-node warning)', { skip }, async (t) => {
  const home = tempDir('kubectl');
  const kubeconfig = kubeconfigFor(home, current);
  const r = await runCli(['ranges', '-p', 'kubectl', '--discover', '--kubeconfig', kubeconfig, '--context', 'fake', '--format', 'json'], isolatedEnv(home));
  t.equal(r.code, 0, r.err);
  const out = JSON.parse(r.out) as { ipv4: string[]; ipv6: string[] };
  t.same(out.ipv4, ['10.96.0.0/16', '10.100.0.0/24', '10.244.0.0/23']);
  t.same(out.ipv6, ['fd00:10:96::/112', 'fd00:10:244::/63']);
  t.match(r.err, /warning: .*per-node slices that cover only today's nodes .*pass the cluster's whole pod network \(kube-controller-manager --cluster-cidr\) with --include CIDR/);
  t.ok(current.seen.some((s) => s.url.startsWith('/apis/networking.k8s.io/v1/servicecidrs')), 'kubectl listed the ServiceCIDRs');
  t.ok(current.seen.some((s) => s.url.startsWith('/api/v1/nodes')), 'kubectl listed the nodes');

  const e = await runCli(['explain', '-p', 'kubectl', '--discover', '--kubeconfig', kubeconfig], isolatedEnv(home));
  t.equal(e.code, 0, e.err);
  const row = (cidr: string) => e.out.split('\n').find((l) => l.trimStart().startsWith(`${cidr} `))?.trim().replace(/ +from /, ' from ');
  t.equal(row('10.100.0.0/24'), `10.100.0.0/24 from kubectl --kubeconfig ${kubeconfig} get servicecidrs.v1.networking.k8s.io -o json: items[1].spec.cidrs`);
  t.equal(row('fd00:10:96::/112'), `fd00:10:96::/112 from kubectl --kubeconfig ${kubeconfig} get servicecidrs.v1.networking.k8s.io -o json: items[0].spec.cidrs`);
  t.equal(
    row('10.244.0.0/23'),
    `10.244.0.0/23 from kubectl --kubeconfig ${kubeconfig} get nodes -o json: items[0].spec.podCIDRs; kubectl --kubeconfig ${kubeconfig} get nodes -o json: items[1].spec.podCIDRs`,
  );
});

t.test('kind discovers through kubectl too', { skip }, async (t) => {
  const home = tempDir('kubectl');
  const r = await runCli(['ranges', '-p', 'kind', '--discover', '--kubeconfig', kubeconfigFor(home, current)], isolatedEnv(home));
  t.equal(r.code, 0, r.err);
  t.equal(r.out, '10.96.0.0/16,10.100.0.0/24,10.244.0.0/23\n');
});

t.test('a server without the ServiceCIDR API: a clear note, the pod ranges still read', { skip }, async (t) => {
  const home = tempDir('kubectl');
  const kubeconfig = kubeconfigFor(home, legacy);
  const r = await runCli(['ranges', '-p', 'kubectl', '--discover', '--kubeconfig', kubeconfig], isolatedEnv(home));
  t.equal(r.code, 0, r.err);
  t.equal(r.out, '10.244.0.0/23\n');
  const warnings = r.err.trim().split('\n');
  t.match(warnings, [/per-node slices/, /the server has no ServiceCIDR API \(networking\.k8s\.io\/v1, Kubernetes 1\.33 and later; `kubectl --kubeconfig \S+ get servicecidrs\.v1\.networking\.k8s\.io -o json` said: error: the server doesn't have a resource type "servicecidrs"\), so the service range was not discovered: pass it with --include CIDR/, /IPv6 ranges/]);
  t.notMatch(r.err, /W_NO_SERVICE_RANGE|no --service-cluster-ip-range flag/, 'the parser\'s vaguer warning is replaced by the note');
});

t.test("kubectl's own failures: unknown context, no server, one line each", { skip }, async (t) => {
  const home = tempDir('kubectl');
  const kubeconfig = kubeconfigFor(home, current);
  const ctx = await runCli(['ranges', '-p', 'kubectl', '--discover', '--kubeconfig', kubeconfig, '--context', 'nope'], isolatedEnv(home));
  t.equal(ctx.code, 2);
  t.equal(ctx.out, '');
  t.equal(
    ctx.err,
    `error: --discover: \`kubectl --kubeconfig ${kubeconfig} --context nope get servicecidrs.v1.networking.k8s.io -o json\` failed (exit 1): ` +
      'Error in configuration: context was not found for specified context: nope; not found: check --context and --kubeconfig (kubectl config get-contexts)\n',
  );

  const none = await runCli(['ranges', '-p', 'kubectl', '--discover'], isolatedEnv(home));
  t.equal(none.code, 2);
  t.equal(none.out, '');
  t.equal(none.err.split('\n').length, 2, 'one line');
  t.match(none.err, /^error: --discover: `kubectl get servicecidrs\.v1\.networking\.k8s\.io -o json` failed \(exit 1\): /);
});
