// Issue 13, classes 9 and 10: discovery from a cluster-info dump reads the components' flags from their pod specs
// and never from logs or events; a file from the wrong provider says whose output it looks like; control
// characters in names and values are escaped before they reach a terminal.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { providerRanges, providers } from '../providers/index.js';
import { isClusterInfoDump, podFlagText } from '../providers/pod-flags.js';
import { RenderInjectorError, formatWarning, terminalSafe } from '../lib/errors.js';
import { main, type CliIO } from '../lib/cli/main.js';
import { caught } from './helpers/caught.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures/providers');
const fx = (name: string): string => readFileSync(join(fixtures, name), 'utf8');
const ranges = (provider: string, text: string): string[] =>
  providerRanges({ provider, clusterInfo: { name: 'dump.txt', text } }).ranges.map((r) => `${r.role} ${r.cidr} (${r.source})`);

t.test('9. flags come from pod specs, never from logs, events or annotations', async (t) => {
  const hostile = [
    '{',
    '  "kind": "PodList",',
    '  "items": [',
    '    { "metadata": { "name": "kube-apiserver", "annotations": { "x": "--cluster-cidr=0.0.0.0/0" } },',
    '      "spec": { "containers": [ { "command": [ "kube-apiserver", "--service-cluster-ip-range=10.96.0.0/12" ], "env": [] } ] } },',
    '    { "metadata": { "name": "kube-proxy" },',
    '      "spec": { "initContainers": [ "odd", { "args": [ 1, "--cluster-cidr=10.244.0.0/16" ] } ], "containers": {} } }',
    '  ]',
    '}',
    '{ "kind": "EventList", "items": [ { "message": "--cluster-cidr=0.0.0.0/0", "count": 1.5e3, "ok": true, "x": null, "l": [] } ] }',
    '==== START logs for container kube-controller-manager of pod kube-system/kube-controller-manager ====',
    'I1126 10:00:01 flags.go:64] FLAG: --cluster-cidr="0.0.0.0/0"',
    '{"msg": "--cluster-cidr=0.0.0.0/0"}',
    '==== END logs for container kube-controller-manager of pod kube-system/kube-controller-manager ====',
    '{ not json --cluster-cidr=0.0.0.0/0',
    '{ "broken": "line',
    '--cluster-cidr=0.0.0.0/0"}',
    '{ "a" "b" } --cluster-cidr=0.0.0.0/0',
    '==== START logs for container x of pod y ====',
    '--cluster-cidr=0.0.0.0/0 (a log cut off without its END line)',
  ].join('\n');
  for (const provider of ['minikube', 'kubectl', 'kind', 'docker-desktop', 'microk8s']) {
    t.same(ranges(provider, hostile), ['services 10.96.0.0/12 (dump.txt:5: --service-cluster-ip-range)', 'pods 10.244.0.0/16 (dump.txt:7: --cluster-cidr)'], provider);
  }
  // The masked text keeps every offset, so lines stay right; args files and configs are not dumps.
  const masked = podFlagText(hostile);
  t.equal(masked.length, hostile.length);
  t.equal(masked.split('\n').length, hostile.split('\n').length);
  t.notMatch(masked, /0\.0\.0\.0\/0/);
  t.equal(isClusterInfoDump('--cluster-cidr=10.42.0.0/16\n'), false);
  t.equal(isClusterInfoDump(fx('minikube-dump.txt')), true);
  t.same(ranges('minikube', fx('minikube-dump.txt')).length, 2, 'the real-shaped fixture still reads');
  t.equal(podFlagText('{"s": "a\\"b", "n": -1, "o": {}}\n{ "x": tru }\n'), ' '.repeat(31) + '\n' + ' '.repeat(12) + '\n');
  t.equal(podFlagText('{"a": 1 '), ' '.repeat(8), 'an object cut off at the end of the text, without a last newline');
});

t.test('10. a file from the wrong provider says whose output it looks like', async (t) => {
  const e = caught(() => ranges('gke', fx('minikube-dump.txt')));
  t.match(e.message, /it looks like output for --provider minikube, kind, .* instead \(kubectl cluster-info dump\)/);
  t.match(e.hint, /^use --provider minikube \(or another one named\), or give gke's own output: gcloud container clusters describe/);
  const eks = caught(() => ranges('aks', fx('eks-cluster.json')));
  t.match(eks.message, /looks like output for --provider eks\b/);
  const nodes = caught(() => ranges('gke', fx('kubectl-nodes.json')));
  t.match(nodes.message, /looks like output for --provider kubectl instead/, 'the generic reader only when no specific one reads it');
  t.match(nodes.hint, /^use --provider kubectl, or give gke's own/);
  // An internal fault in the provider's own reader stays an internal fault (no guessing on top of it).
  const minikube = providers.find((p) => p.name === 'minikube')!;
  const discover = minikube.discover;
  minikube.discover = () => {
    throw new TypeError('reader fault');
  };
  try {
    t.throws(() => ranges('minikube', fx('kind-dual-dump.txt')), TypeError);
  } finally {
    minikube.discover = discover;
  }
  const nothing = caught(() => ranges('gke', fx('gcloud-error.txt')));
  t.notMatch(nothing.message, /looks like/, 'text nobody reads gets the provider\'s own message');
});

t.test('10. control characters never reach the terminal raw', async (t) => {
  t.equal(terminalSafe('a\u001b[2Jb\r\nc\td\u007f\u009b\u2028\u202e'), 'a\\x1b[2Jb c\\x09d\\x7f\\x9b\\u2028\\u202e');
  const err = new RenderInjectorError('E_FILE', 'cannot read "x\u001b]0;title\u0007"', { place: { file: '-f\u001b' }, hint: 'fix\u0000' });
  t.equal(err.toLine(), '-f\\x1b: cannot read "x\\x1b]0;title\\x07"; fix\\x00');
  t.equal(formatWarning({ code: 'W', message: 'w\u001bx' }), 'w\\x1bx');
  const io: CliIO & { err: string } = {
    err: '',
    stdout: () => undefined,
    stderr: (text) => void (io.err += text),
    readText: async () => {
      throw Object.assign(new Error('no'), { code: 'ENOENT' });
    },
    stdinBytes: { read: async () => new Uint8Array(), write: () => undefined },
    namesStdin: async () => false,
    writeFiles: async () => {
      throw new TypeError('bad\u001b[31m\nthing');
    },
    color: false,
    version: '0',
  };
  t.equal(await main(['ranges', '-f', 'v\u001b[31m.yaml'], io), 2);
  t.equal(io.err, 'error: -f: cannot read "v\\x1b[31m.yaml" (ENOENT); check the path and its permissions\n');
  io.err = '';
  t.equal(await main(['render', '-o', 'd\u001b'], io), 2);
  t.equal(io.err, 'error: --output-dir: cannot write into "d\\x1b" (bad\\x1b[31m thing); nothing was written; choose a writable directory\n');
  io.err = '';
  io.stdout = () => {
    throw new TypeError('odd\u001b[0m fault');
  };
  t.equal(await main(['schema'], io), 1);
  t.equal(io.err, 'internal error: odd\\x1b[0m fault (please report this)\n');
});
