// The CLI, run in-process through a fake CliIO (every branch), with real files for --output-dir and -f.
import t, { type Test } from 'tap';
import { type PathLike, mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { main, type CliIO } from '../lib/cli/main.js';
import { writeFilesAtomic, packageVersion, readStdin, processIO, wantColor } from '../lib/cli/io.js';
import { runKrm, krmOptions } from '../lib/krm/function.js';
import { computeRanges } from '../lib/pipeline/index.js';
import { Readable } from 'node:stream';
import { bytesOverText } from './helpers/cli-run.js';

interface Run {
  code: number;
  out: string;
  err: string;
}

function fakeIO(files: Record<string, string> = {}, color = false): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
    async readText(path: string) {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return text;
    },
    get stdinBytes() {
      return bytesOverText((path) => io.readText(path), (text) => void (io.out += text));
    },
    async namesStdin(path: string) {
      return path === '-';
    },
    writeFiles: writeFilesAtomic,
    color,
    version: '9.9.9',
  };
  return io;
}

async function cli(argv: string[], files: Record<string, string> = {}, color = false): Promise<Run> {
  const io = fakeIO(files, color);
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}

function oneErrorLine(t: Test, r: Run, pattern: RegExp): void {
  t.equal(r.code, 2, 'exit 2');
  t.equal(r.out, '', 'nothing on stdout');
  t.equal(r.err.split('\n').filter(Boolean).length, 1, 'one line on stderr');
  t.match(r.err, pattern);
  t.notMatch(r.err, /\n\s+at /, 'no stack trace');
}

t.test('version and help', async (t) => {
  t.same(await cli(['--version']), { code: 0, out: '9.9.9\n', err: '' });
  t.equal((await cli(['-V'])).out, '9.9.9\n');
  const help = await cli(['--help']);
  t.equal(help.code, 0);
  t.match(help.out, /kubectl apply -f -/);
  t.match(help.out, /--post-renderer render-injector/);
  t.match((await cli(['help', 'ranges'])).out, /--format FMT/);
  t.match((await cli(['help', 'nope'])).out, /Commands:/);
  for (const c of ['render', 'ranges', 'explain', 'iptables', 'providers', 'schema', 'post-render', 'krm']) {
    const r = await cli([c, '--help']);
    t.equal(r.code, 0, `${c} --help`);
    t.match(r.out, /Usage: render-injector/);
    t.match(r.out, /Examples:/);
  }
  t.match((await cli(['-p', 'gke', '-h'])).out, /print the istio-sidecar-injector ConfigMap/);
});

t.test('usage errors: one line, exit 2, did you mean', async (t) => {
  oneErrorLine(t, await cli(['rangse']), /unknown command "rangse"; did you mean "ranges"\?/);
  oneErrorLine(t, await cli(['frobnicate']), /unknown command "frobnicate"; see render-injector --help/);
  oneErrorLine(t, await cli(['ranges', '--provder', 'gke']), /unknown option --provder; did you mean --provider\?/);
  oneErrorLine(t, await cli(['ranges', 'extra']), /unexpected argument "extra" for ranges/);
  oneErrorLine(t, await cli(['ranges', '--format', 'jsn']), /--format "jsn" is not one of csv, list, json, helm-set, istioctl, helm-values, istio-operator, sail, annotations; did you mean "json"\?/);
  oneErrorLine(t, await cli(['ranges', '--format', 'xml']), /use one of csv, list, json, helm-set, istioctl, helm-values, istio-operator, sail, annotations/);
  oneErrorLine(t, await cli(['--istio-version', '1.1']), /--istio-version "1.1"/);
  oneErrorLine(t, await cli(['ranges', '--provider', 'minikub']), /minikub.*did you mean.*minikube/);
  oneErrorLine(t, await cli(['ranges', '--cluster-info', '-', '-f', '-']), /standard input \(-\) is named more than once/);
  oneErrorLine(t, await cli(['ranges', '-p', 'gke', '--cluster-info', 'missing.yaml']), /--cluster-info: cannot read "missing.yaml" \(ENOENT\)/);
  oneErrorLine(t, await cli(['ranges', '-f', '-']), /-f: cannot read standard input/);
  const io = fakeIO();
  io.readText = async () => {
    throw new Error('no such thing');
  };
  t.equal(await main(['ranges', '-f', 'x'], io), 2);
  t.match(io.err, /cannot read "x" \(no such thing\)/, 'an error without a code gives its message');
  oneErrorLine(t, await cli(['ranges', '--preset', 'legacy']), /--preset needs --provider/);
});

t.test('ranges: formats and strict CIDR errors', async (t) => {
  const args = ['ranges', '--include', '10.4.0.0/14,10.7.240.0/20', '--include', '10.8.0.0/14', '--exclude', '10.8.0.0/16'];
  const csv = await cli(args);
  t.equal(csv.code, 0);
  t.equal(csv.out, '10.4.0.0/14,10.9.0.0/16,10.10.0.0/15\n', 'merged includes minus excludes');
  t.equal((await cli([...args, '--format', 'list'])).out, '10.4.0.0/14\n10.9.0.0/16\n10.10.0.0/15\n');
  t.same(JSON.parse((await cli([...args, '--format', 'json'])).out).ipv4, ['10.4.0.0/14', '10.9.0.0/16', '10.10.0.0/15']);
  t.equal(
    (await cli([...args, '--format', 'helm-set'])).out,
    '--set global.proxy.includeIPRanges=10.4.0.0/14\\,10.8.0.0/14 --set global.proxy.excludeIPRanges=10.8.0.0/16\n',
    "helm-set gives Istio's chart the two lists, merged, never their difference",
  );
  t.equal((await cli(['ranges'])).out, '*\n', 'the chart default captures everything');
  oneErrorLine(t, await cli(['ranges', '--include', '']), /option --include has an empty value/);
  for (const bad of ['010.0.0.1/8', '10.0.0.0/33', '0x0a.0.0.0/8', '127.1/8', 'fe80::1%eth0/64', '*,10.0.0.0/8']) {
    const r = await cli(['ranges', '--include', bad]);
    oneErrorLine(t, r, /--include/);
    t.ok(r.err.includes(bad.split(',').pop()!) || r.err.includes('*'), `names ${bad}`);
  }
  const warned = await cli(['ranges', '--include', '10.0.0.1/24']);
  t.equal(warned.out, '10.0.0.0/24\n');
  t.match(warned.err, /^warning: .*10\.0\.0\.1\/24/m, 'host bits set: warned on stderr, stdout unchanged');
  const colored = await cli(['ranges', '--include', '10.0.0.1/24'], {}, true);
  t.match(colored.err, /\u001b\[33mwarning:\u001b\[0m/);
  t.match((await cli(['ranges', '--include', '300.0.0.0/8'], {}, true)).err, /\u001b\[31merror:\u001b\[0m/);
});

t.test('ranges and explain with a provider and values files', async (t) => {
  const r = await cli(['ranges', '--provider', 'minikube', '--format', 'list']);
  t.equal(r.code, 0);
  t.match(r.out, /10\.96\.0\.0\/12/);
  t.match(r.out, /10\.244\.0\.0\/16/);
  const ex = await cli(['ranges', '--provider', 'minikube', '--include', '192.0.2.0/24', '--explain']);
  t.equal(ex.code, 0);
  t.match(ex.out, /192\.0\.2\.0\/24.*--include/);
  t.match(ex.out, /10\.96\.0\.0\/12.*minikube/);
  const values = 'global:\n  proxy:\n    includeIPRanges: "198.51.100.0/24"\n';
  const fromFile = await cli(['explain', '-f', 'my-values.yaml'], { 'my-values.yaml': values });
  t.match(fromFile.out, /198\.51\.100\.0\/24.*my-values\.yaml:3/);
  t.equal((await cli(['ranges', '--set-string', 'global.proxy.includeIPRanges=192.0.2.0/24\\,198.51.100.0/24'])).out, '192.0.2.0/24,198.51.100.0/24\n');
  const bad = await cli(['ranges', '-f', 'v.yaml'], { 'v.yaml': 'global:\n  proxy:\n    includeIPRanges: "10.0.0.0/33"\n' });
  oneErrorLine(t, bad, /v\.yaml.*10\.0\.0\.0\/33/);
  // iptables names where a bad value came from, as render does for the same value.
  const ports = { 'values.yaml': 'global:\n  proxy:\n    excludeInboundPorts: "80,http"\n' };
  for (const args of [['iptables'], ['iptables', '--format', 'nft'], ['iptables', '-o', 'out'], ['render']]) {
    oneErrorLine(t, await cli([...args, '-f', 'values.yaml'], ports), /^error: values\.yaml:3 \(global\.proxy\.excludeInboundPorts\): port "http"/);
  }
  oneErrorLine(t, await cli(['iptables', '--set', 'renderInjector.proxyUid=1337', '--set-string', 'global.proxy.includeInboundPorts=80\\,x']), /^error: --set-string \(global\.proxy\.includeInboundPorts\): port "x"/);
});

t.test('iptables --format json: the whole plan; options that narrow a ruleset are usage errors', async (t) => {
  const r = await cli(['iptables', '-p', 'kind', '--format', 'json']);
  t.equal(r.code, 0);
  const plan = JSON.parse(r.out) as { mode: string; families: { family: string; rules: unknown[] }[] };
  t.equal(plan.mode, 'REDIRECT');
  t.same(plan.families.map((f) => f.family), ['ipv4']);
  t.match(r.out, /^\{\n {2}"mode": "REDIRECT",\n/, 'indented, one field a line');
  for (const extra of [['--cleanup'], ['--family', 'ipv6'], ['-o', 'out']]) {
    oneErrorLine(t, await cli(['iptables', '-p', 'kind', '--format', 'json', ...extra]), new RegExp(`^error: --format json prints the whole plan; ${extra[0]!.replace('-o', '--output-dir')} does not apply to it`));
  }
});

t.test('render: the ConfigMap on stdout, or all artefacts into --output-dir', async (t) => {
  const r = await cli(['--provider', 'minikube']);
  t.equal(r.code, 0);
  const cm = parseYaml(r.out);
  t.equal(cm.kind, 'ConfigMap');
  t.equal(cm.metadata.name, 'istio-sidecar-injector');
  t.equal(cm.metadata.labels.chart, 'istio-0.8.0', 'the chart label as Helm renders {{ .Chart.Name }}-{{ .Chart.Version }}');
  t.match(cm.data.config, /10\.96\.0\.0\/12,10\.244\.0\.0\/16/);
  const ns = parseYaml((await cli(['render', '-p', 'kind', '-n', 'mesh', '--istio-version', '1.0'])).out);
  t.equal(ns.metadata.namespace, 'mesh');
  t.equal(ns.metadata.labels.chart, 'istio-1.0.0');

  const dir = mkdtempSync(join(tmpdir(), 'ri-out-'));
  const w = await cli(['-p', 'kind', '-o', dir]);
  t.equal(w.code, 0);
  t.equal(w.out, '');
  t.same(readdirSync(dir).sort(), [
    'istio-ip6tables-cleanup.rules',
    'istio-ip6tables.rules',
    'istio-iptables-cleanup.nft',
    'istio-iptables-cleanup.rules',
    'istio-iptables-cleanup.sh',
    'istio-iptables.nft',
    'istio-iptables.rules',
    'istio-iptables.sh',
    'istio-sidecar-injector-configmap.yaml',
  ]);
  t.equal(statSync(join(dir, 'istio-iptables.sh')).mode & 0o777, 0o755);
  t.equal(parseYaml(readFileSync(join(dir, 'istio-sidecar-injector-configmap.yaml'), 'utf8')).kind, 'ConfigMap');

  // The ConfigMap reads port lists by the same rules as the rules do: Istio 0.8's "9080, 9090," form.
  const ports = ['--set-string', 'global.proxy.excludeInboundPorts=9080\\, 9090\\,'];
  t.match(parseYaml((await cli(['-p', 'kind', ...ports])).out).data.config, /- "9080,9090"/);
  t.match((await cli(['iptables', '-p', 'kind', ...ports])).out, /--dport 9090 -j RETURN/);
  oneErrorLine(t, await cli(['-p', 'kind', '-o', '-']), /--output-dir - names no directory; leave out --output-dir/);
  const noEffect = await cli(['-p', 'kind', '--mode', 'TPROXY', '--ipv6']);
  t.equal(noEffect.code, 0);
  t.equal(noEffect.out, (await cli(['-p', 'kind'])).out, 'the ConfigMap does not change');
  t.match(noEffect.err, /warning: --mode, --ipv6 shape the iptables rules, which render writes only with --output-dir/);
  const dir2 = mkdtempSync(join(tmpdir(), 'ri-out-'));
  const i = await cli(['iptables', '-p', 'kind', '-o', dir2]);
  t.equal(i.code, 0);
  t.equal(readdirSync(dir2).length, 8);
  oneErrorLine(t, await cli(['iptables', '-p', 'kind', '-o', dir2, '--format', 'nft', '--cleanup']), /--output-dir writes every format and its cleanup; --format, --cleanup would be ignored/);

  const empty = mkdtempSync(join(tmpdir(), 'ri-out-'));
  oneErrorLine(t, await cli(['-p', 'kind', '-o', empty, '--set', 'global.proxy.policy=maybe']), /global\.proxy\.policy/);
  t.same(readdirSync(empty), [], 'nothing written on an input error');
  mkdirSync(join(empty, 'istio-iptables.sh'));
  oneErrorLine(t, await cli(['-p', 'kind', '-o', empty]), /--output-dir: cannot write into .*nothing was written/);
  t.same(readdirSync(empty), ['istio-iptables.sh'], 'nothing written when one target cannot be replaced');
});

t.test('iptables formats', async (t) => {
  const script = await cli(['iptables', '-p', 'kind']);
  t.equal(script.code, 0);
  t.match(script.out, /^#!\/bin\/sh/);
  t.match(script.out, /10\.244\.0\.0\/16/);
  t.match((await cli(['iptables', '-p', 'kind', '--format', 'restore'])).out, /^\*nat$/m);
  t.match((await cli(['iptables', '-p', 'kind', '--format', 'restore', '--family', 'ipv6', '--ipv6'])).out, /\*nat/);
  const nft = (await cli(['iptables', '-p', 'kind', '--format', 'nft'])).out;
  t.match(nft, /^#!\/usr\/sbin\/nft -f\n/);
  t.match(nft, /\ntable ip render_injector \{\n/);
  t.match(nft, /\n\t\telements = \{ 10\.96\.0\.0\/16, 10\.244\.0\.0\/16 \}\n/, "kind's ranges in the include set");
  t.match(nft, /\n\t\tip daddr @include4 jump ISTIO_REDIRECT\n/);
  t.match((await cli(['iptables', '-p', 'kind', '--cleanup'])).out, /ISTIO_OUTPUT/);
  t.match((await cli(['iptables', '-p', 'kind', '--mode', 'TPROXY'])).out, /TPROXY/);
  const v6 = await cli(['iptables', '--include', '2001:db8::/32,192.0.2.0/24']);
  t.match(v6.err, /warning: IPv6 ranges \(2001:db8::\/32\) stay out of includeIPRanges.*; render-injector iptables renders their rules$/m);
  t.match(v6.out, /-d 192\.0\.2\.0\/24 -j ISTIO_REDIRECT/);
  t.match(v6.out, /"\$IP6TABLES" -t nat -A ISTIO_OUTPUT -d 2001:db8::\/32 -j ISTIO_REDIRECT/, 'an IPv6 range named is captured without any flag');
  const v6off = await cli(['iptables', '--include', '2001:db8::/32,192.0.2.0/24', '--no-ipv6']);
  t.match(v6off.err, /render-injector iptables leaves IPv6 alone because renderInjector\.ipv6 is false/);
  t.notMatch(v6off.out, /"\$IP6TABLES"/, '--no-ipv6 turns IPv6 capture off');
  t.notMatch((await cli(['iptables', '--include', '2001:db8::/32', '--set', 'renderInjector.ipv6=false'])).out, /"\$IP6TABLES"/, 'as does the value');
  oneErrorLine(t, await cli(['iptables', '--ipv6', '--no-ipv6']), /--ipv6 and --no-ipv6 contradict each other/);
  // The ConfigMap and the post-renderer carry IPv4 only: Istio's istio-init would fail on an IPv6 item.
  const dual = parseYaml((await cli(['-p', 'kind', '--preset', 'dual'])).out);
  t.match(dual.data.config, /- "10\.96\.0\.0\/16,10\.244\.0\.0\/16"/);
  t.notMatch(dual.data.config, /fd00:/);
  t.equal((await cli(['ranges', '--include', '*', '--exclude', '10.0.0.0/8,fd00::/8'])).out.includes('::'), false);
  const kind = (await cli(['iptables', '-p', 'kind'])).out;
  t.notMatch(kind, /"\$IP6TABLES"|-A ISTIO_BLOCK_INBOUND/, 'IPv4-only capture leaves IPv6 alone by default');
  const locked = (await cli(['iptables', '-p', 'kind', '--block-ipv6-inbound'])).out;
  t.match(locked, /"\$IP6TABLES" -t filter -A ISTIO_BLOCK_INBOUND -p ipv6-icmp -j ACCEPT/, 'the lockdown on request, ICMPv6 allowed');
  oneErrorLine(t, await cli(['iptables', '--mode', 'tproxy']), /did you mean "TPROXY"/);
});

t.test('providers and schema', async (t) => {
  const text = await cli(['providers']);
  t.equal(text.code, 0);
  for (const name of ['gke', 'iks', 'icp', 'acs', 'minikube', 'aks', 'eks', 'kind', 'k3s', 'openshift', 'kubectl']) {
    t.match(text.out, new RegExp(`^${name} — `, 'm'), name);
  }
  t.match(text.out, /defaults: none/);
  t.match(text.out, /--preset legacy/);
  t.match(text.out, /discover: gcloud container clusters describe/);
  const json = JSON.parse((await cli(['providers', '--json'])).out);
  t.ok(json.find((p: { name: string }) => p.name === 'gke').command.startsWith('gcloud'));
  const schema = JSON.parse((await cli(['schema'])).out);
  t.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
});

t.test('post-render and krm read stdin', async (t) => {
  const stream = (await cli(['-p', 'kind'])).out;
  const helm = `---\n# Source: istio/templates/sidecar-injector-configmap.yaml\n${stream}`;
  const r = await cli(['post-render', '-p', 'iks'], { '-': helm });
  t.equal(r.code, 0);
  t.match(r.out, /172\.30\.0\.0\/16/);
  t.notMatch(r.out, /10\.244\.0\.0\/16/);
  const none = await cli(['post-render', '-p', 'iks'], { '-': '---\napiVersion: v1\nkind: Service\n' });
  t.equal(none.code, 0);
  t.equal(none.out, '---\napiVersion: v1\nkind: Service\n');
  t.match(none.err, /warning:/);
  oneErrorLine(t, await cli(['post-render', '-p', 'iks', '--strict'], { '-': '---\nkind: Service\n' }), /istio-sidecar-injector/);

  const cm = parseYaml(stream);
  const list = { apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [cm], functionConfig: { apiVersion: 'v1', kind: 'ConfigMap', data: { provider: 'k3s' } } };
  const k = await cli(['krm'], { '-': toYaml(list) });
  t.equal(k.code, 0);
  t.match(k.out, /"10\.42\.0\.0\/15"/, "k3s pods 10.42.0.0/16 and services 10.43.0.0/16 merge into one /15");
  t.notMatch(k.out, /results:/, 'nothing to report: no results');
  const warned = { ...list, functionConfig: { data: { provider: 'k3s', include: '192.0.2.1/24', exclude: '2001:db8::/32' } } };
  const kw = await cli(['krm'], { '-': toYaml(warned) });
  t.equal(kw.code, 0, 'warnings do not fail the function');
  const results = (parseYaml(kw.out) as { results: Array<{ message: string; severity: string; tags: { code: string } }> }).results;
  t.same(results.map((r) => `${r.severity} ${r.tags.code}`), ['warning W_HOST_BITS', 'warning W_EXCLUDE_OUTSIDE', 'warning W_IPV6_RANGES']);
  t.match(results[0]!.message, /192\.0\.2\.1\/24/);
  const bad = { ...list, functionConfig: { data: { provder: 'k3s' } } };
  const kb = await cli(['krm'], { '-': toYaml(bad) });
  t.equal(kb.code, 2);
  t.match(kb.out, /unknown functionConfig key/, 'the error is in the ResourceList results too');
});

t.test('krm functionConfig: ConfigMap data or spec, every key, and clear errors', async (t) => {
  t.same(krmOptions(undefined), {});
  t.same(
    krmOptions({ spec: { provider: 'gke', preset: 'p', clusterInfo: 'text', include: ['10.0.0.0/8'], exclude: '10.1.0.0/16', istioVersion: '1.0', set: 'a=b' } }),
    {
      provider: 'gke',
      preset: 'p',
      clusterInfo: { name: 'functionConfig.clusterInfo', text: 'text' },
      include: ['10.0.0.0/8'],
      exclude: ['10.1.0.0/16'],
      istioVersion: '1.0',
      set: ['a=b'],
    },
  );
  t.throws(() => krmOptions({ data: { include: 5 } }), { code: 'E_VALUES', message: /include must be a string/ });
  t.throws(() => krmOptions({ spec: ['x'] }), { code: 'E_VALUES', message: /must be a map/ });
  t.throws(() => krmOptions({ data: 'x' }), { code: 'E_VALUES' });
  const list = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n';
  const fault = runKrm(list, () => {
    throw new TypeError('internal');
  });
  t.ok(!fault.ok && fault.error instanceof TypeError, 'an internal fault stays an internal fault (exit 1)');
  t.match(fault.output, /internal error: internal \(please report this\)/, 'and the ResourceList still names it');
  const excluded = runKrm(
    toYaml({
      apiVersion: 'config.kubernetes.io/v1',
      kind: 'ResourceList',
      items: [parseYaml((await cli(['-p', 'kind'])).out)],
      functionConfig: { data: { provider: 'kind', exclude: '10.96.0.0/24' } },
    }),
  );
  t.ok(excluded.ok);
  t.match(excluded.output, /\[\[ else -\]\]\s+- "10\.96\.0\.0\/24"/, 'a given exclude replaces the exclude ranges');
  t.match(excluded.output, /\[\[ else -\]\]\s+- "10\.96\.0\.0\/16,10\.244\.0\.0\/16"/, 'and the include ranges stay whole: -i and -x are two lists');
});

t.test('colour only on a terminal without NO_COLOR', async (t) => {
  t.equal(wantColor(true, {}), true);
  t.equal(wantColor(true, { NO_COLOR: '' }), true);
  t.equal(wantColor(true, { NO_COLOR: '1' }), false);
  t.equal(wantColor(false, {}), false);
  t.equal(wantColor(undefined, {}), false);
});

t.test('API defaults: computeRanges with no options is the chart default', async (t) => {
  t.equal(computeRanges().all, true);
});

t.test('internal faults exit 1 with one line', async (t) => {
  const io = fakeIO();
  io.stdout = () => {
    throw new TypeError('boom\nsecond line');
  };
  t.equal(await main(['schema'], io), 1);
  t.equal(io.err, 'internal error: boom second line (please report this)\n');
  const io2 = fakeIO();
  io2.stdout = () => {
    throw 'a string';
  };
  t.equal(await main(['schema'], io2), 1);
  t.match(io2.err, /internal error: a string/);
});

t.test('writeFilesAtomic writes all or nothing', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ri-atomic-'));
  writeFileSync(join(dir, 'a.txt'), 'old');
  mkdirSync(join(dir, 'b.txt')); // renaming a file onto a directory fails
  await t.rejects(writeFilesAtomic(dir, [{ name: 'a.txt', text: 'new' }, { name: 'b.txt', text: 'x' }]));
  t.same(readdirSync(dir).sort(), ['a.txt', 'b.txt'], 'no temporary file left behind');
  t.equal(readFileSync(join(dir, 'a.txt'), 'utf8'), 'old', 'no target touched');
  // A rename that fails half-way: the files already replaced get their old contents back, new ones go.
  let renames = 0;
  const failing = {
    rename: async (from: PathLike, to: PathLike) => {
      if (++renames === 3) throw Object.assign(new Error('EIO'), { code: 'EIO' });
      const { rename } = await import('node:fs/promises');
      return rename(from, to);
    },
  };
  await t.rejects(
    writeFilesAtomic(dir, [{ name: 'a.txt', text: 'new' }, { name: 'fresh.txt', text: 'f' }, { name: 'c.txt', text: 'c' }], failing),
  );
  t.equal(readFileSync(join(dir, 'a.txt'), 'utf8'), 'old', 'replaced file restored');
  t.same(readdirSync(dir).sort(), ['a.txt', 'b.txt'], 'new file removed, nothing temporary left');
  await writeFilesAtomic(dir, [{ name: 'a.txt', text: 'new' }]);
  t.equal(readFileSync(join(dir, 'a.txt'), 'utf8'), 'new', 'an existing file is replaced');
  await writeFilesAtomic(join(dir, 'new', 'sub'), [{ name: 'c.txt', text: 'c' }]);
  // Under /proc a directory cannot be made: an error at once (Node 20's recursive mkdir would spin forever).
  await t.rejects(writeFilesAtomic('/proc/render-injector-test/x', [{ name: 'c.txt', text: 'c' }]), { code: 'ENOENT' });
  t.equal(readFileSync(join(dir, 'new', 'sub', 'c.txt'), 'utf8'), 'c');
});

t.test('io helpers', async (t) => {
  t.match(packageVersion(import.meta.dirname), /^\d+\.\d+\.\d+/);
  t.equal(packageVersion('/'), 'unknown');
  t.equal(await readStdin(Readable.from([Buffer.from('a'), 'b'])), 'ab');
  const io = processIO('1.2.3');
  t.equal(io.version, '1.2.3');
  const written: string[] = [];
  const sink = { write: (s: string) => written.push(s), isTTY: true } as unknown as typeof process.stdout;
  const fake = processIO('1', { stdin: Readable.from(['from stdin']) as unknown as typeof process.stdin, stdout: sink as typeof process.stdout, stderr: sink as unknown as typeof process.stderr, env: {} });
  fake.stdout('a');
  fake.stderr('b');
  t.same(written, ['a', 'b']);
  t.equal(await fake.readText('-'), 'from stdin');
  t.equal(fake.color, true);
  t.equal(typeof io.color, 'boolean');
  const dir = mkdtempSync(join(tmpdir(), 'ri-io-'));
  writeFileSync(join(dir, 'f'), 'text');
  t.equal(await io.readText(join(dir, 'f')), 'text');
});
