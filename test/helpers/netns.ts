/**
 * Network-namespace test bench: a "pod" namespace (proxy listener on 15001, app on 9090) joined by a veth pair
 * to a "peer" namespace that answers on port 80 at addresses inside and outside the captured ranges.
 * Documentation ranges only (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32); no packet leaves
 * the two namespaces. Every command has a timeout; namespaces and servers are removed in teardown.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import type { TapTest as Tap } from './tap.js';


const PY = '/usr/bin/python3';
const TOOLS = ['ip', 'iptables-nft', 'iptables-legacy', 'ip6tables-nft', 'ip6tables-legacy', 'iptables-nft-restore', 'iptables-legacy-restore', 'nft', 'setpriv', PY];

/** Why the bench cannot run here, or undefined when it can. */
export function unavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root';
  const missing = TOOLS.filter((b) => spawnSync('sh', ['-c', `command -v ${b}`], { stdio: 'ignore' }).status !== 0);
  if (missing.length > 0) return `missing ${missing.join(', ')}`;
  const probe = `ri-probe-${process.pid}`;
  if (spawnSync('ip', ['netns', 'add', probe], { stdio: 'ignore', timeout: 5000 }).status !== 0) return 'cannot create network namespaces';
  spawnSync('ip', ['netns', 'del', probe], { stdio: 'ignore', timeout: 5000 });
  return undefined;
}

/** True when the bench can run; otherwise fails the test in CI, or skips it loudly elsewhere. */
export function requireBench(t: Tap): boolean {
  const why = unavailable();
  if (why === undefined) return true;
  if (process.env.CI) t.fail(`network-namespace tests cannot run in CI: ${why}`);
  else {
    console.error(`\n!!! SKIPPING network-namespace tests: ${why} (run as root with iptables, nftables, iproute2, python3) !!!\n`);
    t.skip(`network-namespace tests skipped: ${why}`, () => {});
  }
  return false;
}

/** Result of a command run inside a namespace. */
export interface Run { status: number | null; stdout: string; stderr: string }

/** Runs `args` inside namespace `ns` with a timeout. */
export function nsRun(ns: string, args: string[], input?: string, env?: Record<string, string>): Run {
  const r = spawnSync('ip', ['netns', 'exec', ns, ...args], { input, encoding: 'utf8', timeout: 20000, env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? String(r.error ?? '') };
}

/** Like {@link nsRun} but throws with the command's stderr when it fails. */
export function nsOk(ns: string, args: string[], input?: string, env?: Record<string, string>): string {
  const r = nsRun(ns, args, input, env);
  if (r.status !== 0) throw new Error(`in ${ns}: ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

const SERVER = String.raw`
import socket, struct, sys, selectors
name, ports, transparent = sys.argv[1], [int(p) for p in sys.argv[2].split(',')], sys.argv[3] == '1'
sel = selectors.DefaultSelector()
for p in ports:
    for fam, addr in ((socket.AF_INET, '0.0.0.0'), (socket.AF_INET6, '::')):
        s = socket.socket(fam, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if fam == socket.AF_INET6:
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        if transparent:
            s.setsockopt(socket.SOL_IP, 19, 1) if fam == socket.AF_INET else s.setsockopt(socket.IPPROTO_IPV6, 75, 1)
        s.bind((addr, p)); s.listen(16); sel.register(s, selectors.EVENT_READ)
print('ready', flush=True)
while True:
    for key, _ in sel.select():
        c, _ = key.fileobj.accept()
        try:
            if c.family == socket.AF_INET:
                d = c.getsockopt(socket.SOL_IP, 80, 16)
                orig = '%s:%d' % (socket.inet_ntoa(d[4:8]), struct.unpack('!H', d[2:4])[0])
            else:
                d = c.getsockopt(socket.IPPROTO_IPV6, 80, 28)
                orig = '[%s]:%d' % (socket.inet_ntop(socket.AF_INET6, d[8:24]), struct.unpack('!H', d[2:4])[0])
        except OSError:
            orig = '-'
        local = c.getsockname()
        c.sendall(('%s local=%s:%d orig=%s\n' % (name, local[0], local[1], orig)).encode())
        c.close()
`;

const CLIENT = String.raw`
import socket, sys
try:
    s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=3)
    s.settimeout(3)
    print(s.recv(200).decode().strip())
except Exception as e:
    print('ERR ' + type(e).__name__)
`;

/** Reads `bytes` bytes from each connection, then answers `got N`: a receiver for {@link Bench.send}. */
const SINK = String.raw`
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('::', int(sys.argv[1]))); s.listen(16)
print('ready', flush=True)
while True:
    c, _ = s.accept()
    c.settimeout(10)
    n = 0
    try:
        while n < int(sys.argv[2]):
            d = c.recv(65536)
            if not d: break
            n += len(d)
        c.sendall(('got %d\n' % n).encode())
    except OSError:
        pass
    c.close()
`;

const SEND = String.raw`
import socket, sys
try:
    s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=3)
    s.settimeout(5)
    s.sendall(b'x' * int(sys.argv[3]))
    print(s.recv(200).decode().strip())
except Exception as e:
    print('ERR ' + type(e).__name__)
`;

/** Bytes {@link Bench.send} sends: many segments larger than the far link's MTU. */
export const SEND_BYTES = 20000;

/** The two namespaces and their addresses. */
export interface Bench {
  pod: string;
  peer: string;
  /** Connects from `ns` (as `uid` when given) and returns the server's one-line answer, or `ERR <error>`. */
  connect(ns: string, host: string, port: number, uid?: number): string;
  /** Normalised `iptables-save` of both families for a backend, the `ip rule` lists and `nft list ruleset`. */
  snapshot(backend: 'nft' | 'legacy'): string;
  /** Forgets every neighbour (ARP and IPv6 neighbour discovery) both namespaces learnt on the veth link. */
  flushNeighbours(): void;
  /** The neighbour entries of `ns` on the veth link (`ip neigh show dev eth0`), one per line. */
  neighbours(ns: string): string[];
  /**
   * With `far`: sends {@link SEND_BYTES} bytes from `ns` to the far namespace's receiver (port 80) and returns its
   * answer (`got N`) or `ERR <error>`.
   */
  send(ns: string, host: string): string;
}

/**
 * With `far: true`, a third namespace sits behind the peer, which routes between them: `2001:db8:0:3::10` (port 80
 * receives {@link SEND_BYTES} bytes) over a link whose MTU is 1280 on the peer's side only, so the pod's full-size
 * packets to it need path-MTU discovery (the peer answers with ICMPv6 "packet too big").
 */
export interface BenchOptions {
  transparentProxy?: boolean;
  far?: boolean;
}

let counter = 0;

/** Creates the pod and peer namespaces with servers running; all of it is removed in `t.teardown`. */
export async function createBench(t: Tap, options: BenchOptions = {}): Promise<Bench> {
  const id = `ri${process.pid}x${counter++}`;
  const pod = `${id}-pod`;
  const peer = `${id}-peer`;
  const far = `${id}-far`;
  const servers: ChildProcess[] = [];
  t.teardown(() => {
    for (const s of servers) if (s.pid !== undefined && s.exitCode === null) s.kill('SIGKILL');
    spawnSync('ip', ['netns', 'del', pod], { stdio: 'ignore', timeout: 5000 });
    spawnSync('ip', ['netns', 'del', peer], { stdio: 'ignore', timeout: 5000 });
    if (options.far) spawnSync('ip', ['netns', 'del', far], { stdio: 'ignore', timeout: 5000 });
  });
  const ip = (ns: string, ...args: string[]) => nsOk(ns, ['ip', ...args]);
  spawnSync('ip', ['netns', 'add', pod], { timeout: 5000 });
  spawnSync('ip', ['netns', 'add', peer], { timeout: 5000 });
  ip(pod, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', peer);
  for (const ns of [pod, peer]) {
    ip(ns, 'link', 'set', 'lo', 'up');
    ip(ns, 'link', 'set', 'eth0', 'up');
  }
  ip(pod, 'addr', 'add', '192.0.2.1/24', 'dev', 'eth0');
  ip(pod, '-6', 'addr', 'add', '2001:db8:0:1::1/64', 'dev', 'eth0', 'nodad');
  ip(peer, 'addr', 'add', '192.0.2.2/24', 'dev', 'eth0');
  ip(peer, '-6', 'addr', 'add', '2001:db8:0:1::2/64', 'dev', 'eth0', 'nodad');
  for (const a of ['198.51.100.10/32', '203.0.113.10/32', '203.0.113.200/32']) ip(peer, 'addr', 'add', a, 'dev', 'lo');
  for (const a of ['2001:db8:1::10/128', '2001:db8:1:ff::10/128', '2001:db8:2::10/128']) ip(peer, '-6', 'addr', 'add', a, 'dev', 'lo', 'nodad');
  for (const r of ['198.51.100.0/24', '203.0.113.0/24']) ip(pod, 'route', 'add', r, 'via', '192.0.2.2');
  ip(pod, '-6', 'route', 'add', '2001:db8:1::/48', 'via', '2001:db8:0:1::2');
  ip(pod, '-6', 'route', 'add', '2001:db8:2::/48', 'via', '2001:db8:0:1::2');
  // No static neighbour entries: the tests flush the caches before the rules go in, so every IPv6 probe needs
  // neighbour discovery to pass the rules (Istio 0.8's IPv6 INPUT rules rejected it: istio/istio#18956).
  if (options.far) {
    spawnSync('ip', ['netns', 'add', far], { timeout: 5000 });
    ip(peer, 'link', 'add', 'eth1', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', far);
    ip(peer, 'link', 'set', 'eth1', 'mtu', '1280', 'up');
    ip(far, 'link', 'set', 'lo', 'up');
    ip(far, 'link', 'set', 'eth0', 'up');
    ip(peer, '-6', 'addr', 'add', '2001:db8:0:3::2/64', 'dev', 'eth1', 'nodad');
    ip(far, '-6', 'addr', 'add', '2001:db8:0:3::10/64', 'dev', 'eth0', 'nodad');
    nsOk(peer, ['sysctl', '-qw', 'net.ipv6.conf.all.forwarding=1']);
    ip(pod, '-6', 'route', 'add', '2001:db8:0:3::/64', 'via', '2001:db8:0:1::2');
    ip(far, '-6', 'route', 'add', 'default', 'via', '2001:db8:0:3::2');
  }
  const start = (ns: string, name: string, ports: string, transparent: boolean, script = SERVER) =>
    new Promise<void>((resolve, reject) => {
      const args = script === SERVER ? [name, ports, transparent ? '1' : '0'] : [ports, String(SEND_BYTES)];
      const child = spawn('ip', ['netns', 'exec', ns, PY, '-u', '-c', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      servers.push(child);
      const timer = setTimeout(() => reject(new Error(`${name} server did not start`)), 10000);
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.stdout.once('data', () => { clearTimeout(timer); resolve(); });
      child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${name} server exited ${code}: ${err}`)); });
    });
  await start(pod, 'proxy', '15001', options.transparentProxy === true);
  await start(pod, 'app', '8080,9090', false);
  await start(peer, 'peer', '80', false);
  if (options.far) await start(far, 'far', '80', false, SINK);
  return {
    pod,
    peer,
    connect(ns, host, port, uid) {
      const pre = uid === undefined ? [] : ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups'];
      return nsRun(ns, [...pre, PY, '-c', CLIENT, host, String(port)]).stdout.trim();
    },
    snapshot(backend) {
      const save = (bin: string) => nsOk(pod, [bin]).split('\n').filter((l) => !l.startsWith('#')).map((l) => l.replace(/\[\d+:\d+\]/g, '[0:0]')).join('\n');
      return [
        save(`iptables-${backend}-save`),
        save(`ip6tables-${backend}-save`),
        nsOk(pod, ['ip', '-4', 'rule']),
        nsOk(pod, ['ip', '-6', 'rule']),
        nsOk(pod, ['ip', '-4', 'route', 'show', 'table', 'all']),
        nsOk(pod, ['nft', 'list', 'ruleset']),
      ].join('\n----\n');
    },
    flushNeighbours() {
      for (const ns of [pod, peer]) for (const family of ['-4', '-6']) ip(ns, family, 'neigh', 'flush', 'dev', 'eth0', 'nud', 'all');
    },
    send(ns, host) {
      return nsRun(ns, [PY, '-c', SEND, host, '80', String(SEND_BYTES)]).stdout.trim();
    },
    neighbours(ns) {
      return ip(ns, 'neigh', 'show', 'dev', 'eth0').split('\n').filter((l) => l.trim() !== '');
    },
  };
}

/** Adds unrelated rules in every table we touch, as another tool in the pod would have: they must survive. */
export function seedOtherRules(bench: Bench, backend: 'nft' | 'legacy'): void {
  for (const [bin, addr] of [[`iptables-${backend}`, '203.0.113.250/32'], [`ip6tables-${backend}`, '2001:db8:ffff::1/128']] as const) {
    nsOk(bench.pod, [bin, '-t', 'nat', '-A', 'POSTROUTING', '-d', addr, '-j', 'RETURN']);
    nsOk(bench.pod, [bin, '-t', 'mangle', '-A', 'OUTPUT', '-d', addr, '-j', 'RETURN']);
    nsOk(bench.pod, [bin, '-t', 'filter', '-A', 'OUTPUT', '-d', addr, '-j', 'ACCEPT']);
    // Rules in the very built-in chains we hook into: our cleanup must delete its own hook and leave these.
    nsOk(bench.pod, [bin, '-t', 'nat', '-A', 'PREROUTING', '-d', addr, '-j', 'RETURN']);
    nsOk(bench.pod, [bin, '-t', 'nat', '-A', 'OUTPUT', '-d', addr, '-j', 'RETURN']);
    nsOk(bench.pod, [bin, '-t', 'mangle', '-A', 'PREROUTING', '-d', addr, '-j', 'RETURN']);
    nsOk(bench.pod, [bin, '-t', 'filter', '-A', 'INPUT', '-d', addr, '-j', 'ACCEPT']);
  }
}
