import t from 'tap';
import { readFileSync } from 'node:fs';
import { RenderInjectorError } from '../lib/errors.js';
import { getProvider, providerRanges, providers } from '../providers/index.js';
import type { ProviderRange } from '../providers/types.js';
import type { TapTest } from './helpers/tap.js';

const dir = new URL('./fixtures/providers/', import.meta.url);
const fx = (name: string): string => readFileSync(new URL(name, dir), 'utf8');
const pairs = (ranges: ProviderRange[]): string[] => ranges.map((r) => `${r.role} ${r.cidr}`);
const discover = (provider: string, file: string, text = fx(file)) => getProvider(provider).discover(text, file);

/** Runs fn, asserts it throws a RenderInjectorError with `code`, and returns the error for more checks. */
function thrown(t: TapTest, fn: () => unknown, code: string): RenderInjectorError {
  try {
    fn();
  } catch (e) {
    t.ok(e instanceof RenderInjectorError, 'a RenderInjectorError');
    const err = e as RenderInjectorError;
    t.equal(err.code, code);
    t.notMatch(err.toLine(), /\n/, 'one line');
    return err;
  }
  t.fail(`expected ${code}`);
  throw new Error('unreachable');
}

t.test('registry: every provider in the issue, each well formed', async (t) => {
  t.same(providers.map((p) => p.name), [
    'gke', 'iks', 'icp', 'acs', 'minikube', 'aks', 'eks', 'kind', 'k3s', 'openshift', 'docker-desktop', 'microk8s', 'kubectl',
  ]);
  for (const p of providers) {
    t.ok(p.title.length > 0 && p.command.length > 0, `${p.name} has title and command`);
    t.equal(getProvider(p.name.toUpperCase()), p, `${p.name} found case-insensitively`);
    for (const r of [...p.defaults, ...Object.values(p.presets).flatMap((s) => s.ranges)]) {
      t.ok(r.source.startsWith(p.name), `${p.name} ${r.cidr} source names the provider`);
    }
  }
});

t.test('static defaults as the issue lists them', async (t) => {
  const want: Record<string, string[]> = {
    iks: ['pods 172.30.0.0/16', 'services 172.21.0.0/16'],
    icp: ['pods 10.1.0.0/16', 'services 10.0.0.0/24'],
    acs: ['pods 10.244.0.0/16', 'nodes 10.240.0.0/16', 'services 10.0.0.0/16'],
    minikube: ['services 10.96.0.0/12', 'pods 10.244.0.0/16'],
    aks: ['pods 10.244.0.0/16', 'services 10.0.0.0/16'],
    kind: ['pods 10.244.0.0/16', 'services 10.96.0.0/16'],
    k3s: ['pods 10.42.0.0/16', 'services 10.43.0.0/16'],
    openshift: ['pods 10.128.0.0/14', 'services 172.30.0.0/16'],
    'docker-desktop': ['services 10.96.0.0/12', 'pods 10.1.0.0/16'],
    microk8s: ['services 10.152.183.0/24', 'pods 10.1.0.0/16'],
  };
  for (const [name, ranges] of Object.entries(want)) {
    const got = providerRanges({ provider: name });
    t.same(pairs(got.ranges), ranges, name);
    t.same(got.warnings, []);
  }
  // The returned ranges are copies: changing them does not change the provider.
  providerRanges({ provider: 'iks' }).ranges[0]!.cidr = '1.2.3.4/32';
  t.equal(getProvider('iks').defaults[0]!.cidr, '172.30.0.0/16');
});

t.test('presets', async (t) => {
  t.same(pairs(providerRanges({ provider: 'iks', preset: 'legacy' }).ranges), [
    'pods 172.30.0.0/16', 'services 172.20.0.0/16', 'other 10.10.10.0/24',
  ]);
  t.same(pairs(providerRanges({ provider: 'minikube', preset: 'legacy' }).ranges), ['services 10.0.0.0/24']);
  t.same(pairs(providerRanges({ provider: 'kind', preset: 'ipv6' }).ranges), ['pods fd00:10:244::/56', 'services fd00:10:96::/112']);
  t.same(pairs(providerRanges({ provider: 'kind', preset: 'dual' }).ranges), [
    'pods 10.244.0.0/16', 'pods fd00:10:244::/56', 'services 10.96.0.0/16', 'services fd00:10:96::/112',
  ]);
  const e = thrown(t, () => providerRanges({ provider: 'iks', preset: 'legcy' }), 'E_PROVIDER');
  t.match(e.toLine(), /^--preset: provider iks has no preset "legcy"; did you mean "legacy"\? presets of iks: legacy$/);
  const none = thrown(t, () => providerRanges({ provider: 'k3s', preset: 'legacy' }), 'E_PROVIDER');
  t.match(none.hint, /k3s has no presets/);
  const proto = thrown(t, () => providerRanges({ provider: 'kind', preset: 'toString' }), 'E_PROVIDER');
  t.match(proto.hint, /presets of kind: ipv6, dual/);
});

t.test('unknown provider suggests the closest names', async (t) => {
  const e = thrown(t, () => getProvider('minikub'), 'E_PROVIDER');
  t.equal(e.place.file, '--provider');
  t.match(e.toLine(), /unknown provider "minikub"; did you mean "minikube"\? known providers: gke, iks/);
  const far = thrown(t, () => getProvider('nomad'), 'E_PROVIDER');
  t.notMatch(far.toLine(), /did you mean/);
});

t.test('providers without defaults need cluster info and name the command', async (t) => {
  for (const name of ['gke', 'eks', 'kubectl']) {
    const e = thrown(t, () => providerRanges({ provider: name }), 'E_PROVIDER');
    t.match(e.toLine(), getProvider(name).command.split(' ')[0]!);
    t.match(e.toLine(), /--cluster-info FILE/);
  }
  t.match(thrown(t, () => providerRanges({ provider: 'gke' }), 'E_PROVIDER').toLine(), /gcloud container clusters describe NAME/);
});

t.test('cluster info replaces defaults; a preset beside it warns', async (t) => {
  const r = providerRanges({ provider: 'iks', preset: 'legacy', clusterInfo: { name: 'iks-custom.json', text: fx('iks-custom.json') } });
  t.same(pairs(r.ranges), ['pods 172.17.64.0/18', 'services 172.17.0.0/18']);
  t.same(r.warnings.map((w) => w.code), ['W_PRESET_IGNORED']);
  t.same(r.ranges[0]!.source, 'iks-custom.json: podSubnet');
});

t.test('gke: old routes-based cluster', async (t) => {
  const r = discover('gke', 'gke-routes-2018.yaml');
  t.same(pairs(r.ranges), ['pods 10.52.0.0/14', 'services 10.55.240.0/20']);
  t.same(r.ranges.map((x) => x.source), ['gke-routes-2018.yaml: clusterIpv4Cidr', 'gke-routes-2018.yaml: servicesIpv4Cidr']);
  t.same(r.warnings, []);
});

t.test('gke: VPC-native cluster with public service range and an additional pod range', async (t) => {
  const r = discover('gke', 'gke-vpc-native-2024.yaml');
  t.same(pairs(r.ranges), ['pods 10.108.0.0/14', 'services 34.118.224.0/20', 'pods 10.200.0.0/16']);
  t.equal(r.ranges[2]!.source, 'gke-vpc-native-2024.yaml: nodePools[1].networkConfig.podIpv4CidrBlock');
  t.same(r.warnings.map((w) => w.code), ['W_GKE_POD_RANGE']);
  t.match(r.warnings[0]!.message, /pods-reserved/);
  t.equal(r.warnings[0]!.place?.line, 13);
  // The same cluster as JSON gives the same ranges.
  const asJson = JSON.stringify((await import('yaml')).parse(fx('gke-vpc-native-2024.yaml').replace(/^---\n$/gm, '')));
  t.same(pairs(discover('gke', 'd.json', asJson).ranges), pairs(r.ranges));
});

t.test('gke: dual-stack JSON yields both families', async (t) => {
  const r = discover('gke', 'gke-dual-stack.json');
  t.same(pairs(r.ranges), [
    'pods 10.20.0.0/14', 'services 34.118.224.0/20', 'services fd20:8d1:b3e2:1::/112', 'pods fd20:8d1:b3e2::/64',
  ]);
  const e = thrown(t, () => discover('gke', 'gke-dual-missing-v6.yaml'), 'E_DISCOVERY');
  t.same(e.place, { file: 'gke-dual-missing-v6.yaml', path: 'ipAllocationPolicy.servicesIpv6CidrBlock', line: 4 });
});

t.test('gke: errors name provider, file, field and the command', async (t) => {
  const e = thrown(t, () => discover('gke', 'gke-no-services.yaml'), 'E_DISCOVERY');
  t.equal(
    e.toLine(),
    'gke-no-services.yaml (servicesIpv4Cidr): gke cluster info in gke-no-services.yaml has no servicesIpv4Cidr; produce the input with: gcloud container clusters describe NAME --zone ZONE --format yaml',
  );
  t.match(thrown(t, () => discover('gke', 'x.yaml', 'servicesIpv4Cidr: 10.0.0.0/20\n'), 'E_DISCOVERY').message, /has no clusterIpv4Cidr/);
  const cidr = thrown(t, () => discover('gke', 'gke-bad-cidr.yaml'), 'E_CIDR');
  t.same(cidr.place, { file: 'gke-bad-cidr.yaml', line: 3, path: 'servicesIpv4Cidr' });
  t.match(cidr.message, /10\.55\.240\.0\/33/);
  const type = thrown(t, () => discover('gke', 'gke-wrong-type.yaml'), 'E_DISCOVERY');
  t.match(type.toLine(), /^gke-wrong-type\.yaml:4 \(servicesIpv4Cidr\): gke cluster info field servicesIpv4Cidr in gke-wrong-type\.yaml is a mapping/);
  t.match(thrown(t, () => discover('gke', 'n.yaml', 'clusterIpv4Cidr: 10.0.0.0/14\nservicesIpv4Cidr: 42\n'), 'E_DISCOVERY').message, /is number 42/);
  t.match(thrown(t, () => discover('gke', 'n.yaml', 'clusterIpv4Cidr: 10.0.0.0/14\nservicesIpv4Cidr: [10.0.0.0/8, 1]\n'), 'E_DISCOVERY').message, /a list with a non-string item/);
  const broken = thrown(t, () => discover('gke', 'gcloud-error.txt'), 'E_DISCOVERY');
  t.match(broken.message, /^cannot read gcloud-error\.txt as YAML or JSON \(line 1: .+\) and found no servicesIpv4Cidr$/);
  t.match(broken.hint, /gcloud container clusters describe/);
  const empty = thrown(t, () => discover('gke', '-', ' \n'), 'E_DISCOVERY');
  t.equal(empty.message, 'gke cluster info in - is empty');
  const list = thrown(t, () => discover('gke', 'l.yaml', '- clusterIpv4Cidr: 10.0.0.0/8\n'), 'E_DISCOVERY');
  t.match(list.message, /has no servicesIpv4Cidr/);
  // An alias bomb ("billion laughs") is an input error, whether the text parses as one document or only as
  // JSON-like chunks after a broken line.
  const levels = ['&a [x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 9; i++) levels.push(`&${'abcdefghi'[i]} [${Array(9).fill(`*${'abcdefghi'[i - 1]}`).join(', ')}]`);
  const bomb = levels.map((l, i) => `k${i}: ${l}`).join('\n');
  t.match(thrown(t, () => discover('gke', 'bomb.yaml', `${bomb}\n`), 'E_DISCOVERY').message, /too many YAML aliases/);
  // A repeated key: the last one wins, as in kubectl's and gcloud's own YAML readers and in Helm.
  t.same(discover('gke', 'dup.yaml', 'clusterIpv4Cidr: 10.0.0.0/14\nservicesIpv4Cidr: 10.8.0.0/20\nservicesIpv4Cidr: 10.9.0.0/20\n').ranges.map((r) => r.cidr), ['10.0.0.0/14', '10.9.0.0/20']);
  const flowBomb = `not: [valid\n{${levels.map((l, i) => `"k${i}": ${l}`).join(', ')}}\n`;
  t.match(thrown(t, () => discover('gke', 'bomb.json', flowBomb), 'E_DISCOVERY').message, /found no servicesIpv4Cidr/);
});

t.test('iks, icp, acs', async (t) => {
  t.same(pairs(discover('iks', 'iks-cluster.json').ranges), ['pods 172.30.0.0/16', 'services 172.21.0.0/16']);
  t.match(thrown(t, () => discover('iks', 'iks-no-service.json'), 'E_DISCOVERY').toLine(), /has no serviceSubnet; produce the input with: ibmcloud ks cluster get/);
  t.match(thrown(t, () => discover('iks', 'i.json', '{"serviceSubnet":"172.21.0.0/16"}'), 'E_DISCOVERY').message, /no podSubnet/);

  const icp = discover('icp', 'icp-config.yaml');
  t.same(pairs(icp.ranges), ['pods 10.1.0.0/16', 'services 10.0.0.0/24']);
  t.same(icp.warnings, [
    { code: 'W_HOST_BITS', message: '10.0.0.1/24 has host bits set; using 10.0.0.0/24', place: { file: 'icp-config.yaml', line: 10, path: 'service_cluster_ip_range' } },
  ]);
  t.match(thrown(t, () => discover('icp', 'c.yaml', 'network_cidr: 10.1.0.0/16\n'), 'E_DISCOVERY').message, /no service_cluster_ip_range/);
  t.match(thrown(t, () => discover('icp', 'c.yaml', 'service_cluster_ip_range: 10.0.0.0/24\n'), 'E_DISCOVERY').message, /no network_cidr/);

  t.same(pairs(discover('acs', 'acs-apimodel.json').ranges), ['services 10.0.0.0/16', 'pods 10.244.0.0/16']);
  const cni = discover('acs', 'acs-azure-cni.json');
  t.same(pairs(cni.ranges), ['services 10.0.0.0/16']);
  t.same(cni.warnings.map((w) => w.code), ['W_VNET_PODS']);
  const noPods = '{"properties":{"orchestratorProfile":{"kubernetesConfig":{"serviceCidr":"10.0.0.0/16"}}}}';
  t.match(thrown(t, () => discover('acs', 'a.json', noPods), 'E_DISCOVERY').message, /no properties\.orchestratorProfile\.kubernetesConfig\.clusterSubnet/);
  t.match(thrown(t, () => discover('acs', 'a.json', '{"properties":{"orchestratorProfile":{"kubernetesConfig":{}}}}'), 'E_DISCOVERY').message, /serviceCidr/);
  t.match(thrown(t, () => discover('acs', 'a.json', '{"apiVersion":"vlabs"}'), 'E_DISCOVERY').message, /no properties\.orchestratorProfile\.kubernetesConfig$/);
});

t.test('flag-based discovery: minikube, docker-desktop, microk8s, kind dump', async (t) => {
  const m = discover('minikube', 'minikube-dump.txt');
  t.same(pairs(m.ranges), ['services 10.96.0.0/12', 'pods 10.244.0.0/16']);
  t.same(m.ranges.map((r) => r.source), ['minikube-dump.txt:27: --service-cluster-ip-range', 'minikube-dump.txt:43: --cluster-cidr']);
  t.same(m.warnings, []);
  t.same(pairs(discover('docker-desktop', 'docker-desktop-pods.yaml').ranges), ['services 10.96.0.0/12', 'pods 10.1.0.0/16']);
  t.same(pairs(discover('microk8s', 'microk8s-args.txt').ranges), ['services 10.152.183.0/24', 'pods 10.1.0.0/16']);
  t.same(pairs(discover('kind', 'kind-dual-dump.txt').ranges), [
    'services 10.96.0.0/16', 'services fd00:10:96::/112', 'pods 10.244.0.0/16', 'pods fd00:10:244::/56',
  ]);
  t.same(pairs(discover('minikube', 'a', '--service-cluster-ip-range 10.96.0.0/12 [--cluster-cidr=10.244.0.0/16]').ranges), [
    'services 10.96.0.0/12', 'pods 10.244.0.0/16',
  ]);
  const noPods = discover('minikube', 'args', '--service-cluster-ip-range=10.96.0.0/12\n');
  t.same(noPods.warnings.map((w) => w.code), ['W_NO_POD_RANGE']);
  const e = thrown(t, () => discover('minikube', 'dump.txt', '{"kind":"PodList","items":[]}'), 'E_DISCOVERY');
  t.equal(e.toLine(), 'dump.txt (--service-cluster-ip-range): minikube cluster info in dump.txt has no --service-cluster-ip-range; produce the input with: kubectl cluster-info dump');
  t.equal(thrown(t, () => discover('microk8s', 'x', ''), 'E_DISCOVERY').message, 'microk8s cluster info in x is empty');
  const bad = thrown(t, () => discover('minikube', 'd', '--service-cluster-ip-range=10.96.0.0/12\n"--cluster-cidr=10.244.0.0/16,10.1.2.300/24",'), 'E_CIDR');
  t.same(bad.place, { file: 'd', line: 2, path: '--cluster-cidr' });
});

t.test('aks', async (t) => {
  t.same(pairs(discover('aks', 'aks-kubenet.json').ranges), ['services 10.0.0.0/16', 'pods 10.244.0.0/16']);
  const cni = discover('aks', 'aks-azure-cni.json');
  t.same(pairs(cni.ranges), ['services 10.2.0.0/16']);
  t.same(cni.warnings.map((w) => [w.code, w.place?.line]), [['W_VNET_PODS', 6]]);
  t.same(pairs(discover('aks', 'aks-overlay-dual.json').ranges), [
    'services 10.0.0.0/16', 'services fd12:3456:789a:1::/108', 'pods 10.244.0.0/16', 'pods fd12:3456:789a::/64',
  ]);
  const overlayNoPods = '{"networkProfile":{"networkPlugin":"azure","networkPluginMode":"overlay","serviceCidr":"10.0.0.0/16"}}';
  t.match(thrown(t, () => discover('aks', 'a.json', overlayNoPods), 'E_DISCOVERY').message, /no networkProfile\.podCidr$/);
  const v6missing = '{"networkProfile":{"ipFamilies":["IPv4","IPv6"],"podCidrs":["10.244.0.0/16"],"serviceCidrs":["10.0.0.0/16"]}}';
  t.match(thrown(t, () => discover('aks', 'a.json', v6missing), 'E_DISCOVERY').message, /serviceCidrs \(IPv6\)/);
  t.match(thrown(t, () => discover('aks', 'a.json', '{"networkProfile":{"podCidr":"10.244.0.0/16"}}'), 'E_DISCOVERY').message, /no networkProfile\.serviceCidr$/);
});

t.test('eks: service range, VPC from appended describe-vpcs output, IPv6', async (t) => {
  const alone = discover('eks', 'eks-cluster.json');
  t.same(pairs(alone.ranges), ['services 172.20.0.0/16']);
  t.same(alone.warnings.map((w) => w.code), ['W_EKS_VPC']);
  t.match(alone.warnings[0]!.message, /vpc-0f1e2d3c4b5a69788/);
  const full = discover('eks', 'eks-with-vpcs.json');
  t.same(pairs(full.ranges), ['services 172.20.0.0/16', 'vpc 192.168.0.0/16', 'vpc 100.64.0.0/16']);
  t.equal(
    full.ranges[2]!.source,
    'eks-with-vpcs.json: Vpcs[0].CidrBlockAssociationSet[1].CidrBlock (an associated VPC CIDR block: the VPC CNI gives pods addresses from it)',
  );
  t.same(full.warnings, []);
  t.same(pairs(discover('eks', 'eks-ipv6.json').ranges), [
    'services fd3c:9a12:4bcd::/108', 'services 10.100.0.0/16', 'vpc 10.0.0.0/16', 'vpc 2600:1f14:abc:de00::/56',
  ]);
  const noVpcId = '{"cluster":{"kubernetesNetworkConfig":{"serviceIpv4Cidr":"10.100.0.0/16"}}}\n{"Vpcs":[{"CidrBlock":"10.0.0.0/16"},"junk"]}';
  t.same(pairs(discover('eks', 'e.json', noVpcId).ranges), ['services 10.100.0.0/16', 'vpc 10.0.0.0/16']);
  const v6 = '{"cluster":{"kubernetesNetworkConfig":{"serviceIpv4Cidr":"10.100.0.0/16","ipFamily":"ipv6"}}}';
  t.match(thrown(t, () => discover('eks', 'e.json', v6), 'E_DISCOVERY').message, /no cluster\.kubernetesNetworkConfig\.serviceIpv6Cidr/);
  t.match(thrown(t, () => discover('eks', 'e.json', '{"cluster":{"name":"x"}}'), 'E_DISCOVERY').message, /no cluster\.kubernetesNetworkConfig$/);
});

t.test('kind config', async (t) => {
  const r = discover('kind', 'kind-config.yaml');
  t.same(pairs(r.ranges), ['pods 10.240.0.0/16', 'services 10.112.0.0/16']);
  t.equal(r.ranges[0]!.source, 'kind-config.yaml: networking.podSubnet');
  const dual = discover('kind', 'kind-dual.yaml');
  t.same(pairs(dual.ranges), ['pods 10.244.0.0/16', 'pods fd00:10:244::/56', 'services 10.96.0.0/16', 'services fd00:10:96::/112']);
  t.match(dual.ranges[0]!.source, /kind default for ipFamily dual \(networking\.podSubnet\) not set in kind-dual\.yaml/);
  const bad = thrown(t, () => discover('kind', 'k.yaml', 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnetworking:\n  ipFamily: ipv5\n'), 'E_DISCOVERY');
  t.same(bad.place, { file: 'k.yaml', path: 'networking.ipFamily', line: 4 });
  t.match(thrown(t, () => discover('kind', 'k.yaml', 'kind: Pod\napiVersion: v1\n'), 'E_DISCOVERY').message, /no apiVersion: kind\.x-k8s\.io/);
});

t.test('k3s config and command line', async (t) => {
  t.same(pairs(discover('k3s', 'k3s-config.yaml').ranges), [
    'pods 10.42.0.0/16', 'pods 2001:cafe:42::/56', 'services 10.43.0.0/16', 'services 2001:cafe:43::/112',
  ]);
  const plain = discover('k3s', 'k3s-plain.yaml');
  t.same(pairs(plain.ranges), ['pods 10.42.0.0/16', 'services 10.43.0.0/16']);
  t.same(plain.warnings.map((w) => w.code), ['W_DEFAULTS_USED']);
  t.equal(plain.ranges[0]!.source, 'k3s default (cluster-cidr not set in k3s-plain.yaml)');
  const cmd = discover('k3s', 'unit', 'ExecStart=/usr/local/bin/k3s server --service-cidr=10.45.0.0/16\n');
  t.same(pairs(cmd.ranges), ['services 10.45.0.0/16', 'pods 10.42.0.0/16']);
  const cmd2 = discover('k3s', 'unit', 'k3s server --cluster-cidr 10.50.0.0/16');
  t.same(pairs(cmd2.ranges), ['pods 10.50.0.0/16', 'services 10.43.0.0/16']);
  t.match(thrown(t, () => discover('k3s', 'unit', 'k3s server --service-cidr=\n'), 'E_DISCOVERY').message, /no --service-cluster-ip-range/);
  t.match(thrown(t, () => discover('k3s', 'c.yaml', '- a\n'), 'E_DISCOVERY').message, /no cluster-cidr/);
});

t.test('openshift', async (t) => {
  const r = discover('openshift', 'openshift-network.yaml');
  t.same(pairs(r.ranges), ['pods 10.128.0.0/14', 'pods 10.132.0.0/14', 'services 172.30.0.0/16']);
  t.equal(r.ranges[1]!.source, 'openshift-network.yaml: spec.clusterNetwork[1].cidr');
  const status = discover('openshift', 'n.json', '{"status":{"clusterNetwork":[{"cidr":"10.128.0.0/14"}],"serviceNetwork":["172.30.0.0/16"]}}');
  t.same(status.ranges.map((x) => x.source), ['n.json: status.clusterNetwork[0].cidr', 'n.json: status.serviceNetwork']);
  t.match(thrown(t, () => discover('openshift', 'n.yaml', 'spec:\n  serviceNetwork: [172.30.0.0/16]\n'), 'E_DISCOVERY').message, /no spec\.clusterNetwork\[\]\.cidr/);
  t.match(thrown(t, () => discover('openshift', 'n.yaml', 'spec:\n  serviceNetwork: []\n  clusterNetwork: [{cidr: 10.128.0.0/14}]\n'), 'E_DISCOVERY').message, /no spec\.serviceNetwork$/);
});

t.test('kubectl: dump flags, or node podCIDRs', async (t) => {
  const dump = discover('kubectl', 'minikube-dump.txt');
  t.same(pairs(dump.ranges), ['services 10.96.0.0/12', 'pods 10.244.0.0/16']);
  const nodes = discover('kubectl', 'kubectl-nodes.json');
  t.same(pairs(nodes.ranges), ['pods 10.244.0.0/24', 'pods fd00:10:244::/64', 'pods 10.244.1.0/24']);
  t.same(nodes.warnings.map((w) => w.code), ['W_NODE_POD_CIDRS', 'W_NO_SERVICE_RANGE']);
  const pods = '{"kind": "PodList", "items": [{"spec": {"containers": [{"command": ["kube-apiserver", "--service-cluster-ip-range=10.96.0.0/12"]}]}}]}';
  const both = discover('kubectl', 'both.txt', `${fx('kubectl-nodes.json')}\n${pods}\n`);
  t.same(pairs(both.ranges), ['services 10.96.0.0/12', 'pods 10.244.0.0/24', 'pods fd00:10:244::/64', 'pods 10.244.1.0/24']);
  t.same(pairs(discover('kubectl', 'node.yaml', 'kind: Node\nspec:\n  podCIDR: 10.244.3.0/24\n').ranges), ['pods 10.244.3.0/24']);
  t.same(pairs(discover('kubectl', 'l.yaml', 'items:\n- kind: Pod\n- spec: {podCIDR: 10.9.0.0/24}\n').ranges), ['pods 10.9.0.0/24']);
  t.match(thrown(t, () => discover('kubectl', 'pods.yaml', 'kind: PodList\nitems: []\n'), 'E_DISCOVERY').toLine(), /no --service-cluster-ip-range; produce the input with: kubectl cluster-info dump/);
  t.equal(thrown(t, () => discover('kubectl', 'e', ''), 'E_DISCOVERY').message, 'kubectl cluster info in e is empty');
});

t.test('reading helpers', async (t) => {
  const { getPath, readDocuments, splitJsonValues } = await import('../providers/discovery.js');
  t.same(splitJsonValues('x {"a":"}\\"{"} y [1,[2]] ] {'), [
    { start: 2, text: '{"a":"}\\"{"}' },
    { start: 17, text: '[1,[2]]' },
  ]);
  const read = readDocuments('{"a": 1}\n{"b" "c"}\n{"d": {"e": 2}}\n');
  t.same(read.docs.map((d) => d.value), [{ a: 1 }, { d: { e: 2 } }]);
  t.equal(read.docs[1]!.lineOf(['d', 'e']), 3);
  t.equal(read.docs[1]!.lineOf(['nope']), undefined);
  t.equal(read.problem?.line, 2);
  t.same(readDocuments('---\n# only a comment\n---\n'), { docs: [] });
  t.equal(getPath({ a: { b: [1, 2] } }, ['a', 'b', 1]), 2);
  t.equal(getPath({ a: 1 }, [0]), undefined);
  t.equal(getPath([1], ['length']), undefined);
  t.equal(getPath({ a: null }, ['a', 'b']), undefined);
});

t.test('edge cases of the structured providers', async (t) => {
  const dual = 'clusterIpv4Cidr: 10.0.0.0/14\nservicesIpv4Cidr: 10.4.0.0/20\nipAllocationPolicy:\n  stackType: IPV4_IPV6\n  servicesIpv6CidrBlock: fd00:1::/112\n';
  t.match(thrown(t, () => discover('gke', 'g.yaml', dual), 'E_DISCOVERY').message, /no ipAllocationPolicy\.subnetIpv6CidrBlock/);
  const pools = 'clusterIpv4Cidr: 10.0.0.0/14\nservicesIpv4Cidr: 10.4.0.0/20\nnodePools: [odd, {name: p}]\nipAllocationPolicy: {additionalPodRangesConfig: {podRangeNames: [7]}}\n';
  t.same(discover('gke', 'g.yaml', pools).warnings, []);
  const eks = discover('eks', 'e.json', '{"cluster":{"kubernetesNetworkConfig":{"serviceIpv4Cidr":"10.100.0.0/16"}}}');
  t.match(eks.warnings[0]!.message, /^e\.json has no describe-vpcs output, so/);
  t.same(pairs(discover('k3s', 'c.yaml', 'cluster-cidr: "10.42.0.0/16, 2001:cafe:42::/56,"\n').ranges), [
    'pods 10.42.0.0/16', 'pods 2001:cafe:42::/56', 'services 10.43.0.0/16',
  ]);
});
