// Careless or hostile input (issue 13, classes 1, 2, 4 and 6): standard input belongs to the stream, nothing
// widens capture by omission, bytes that are not UTF-8 are refused rather than rewritten, and a failing stdout is
// one line. The built CLI runs as a child process (needs dist/), the helpers in-process.
import t, { type Test } from 'tap';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeText, namesStdin, processIO, stdoutError } from '../lib/cli/io.js';
import { runKrm } from '../lib/krm/function.js';
import { postRender, resolveValues } from '../lib/pipeline/index.js';
import { RenderInjectorError } from '../lib/errors.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'dist/lib/cli/bin.js');
if (!existsSync(bin)) {
  t.fail(`${bin} is missing: run npm test (it builds dist/ first) or npm run build`);
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'ri-hardening-'));
const stream = readFileSync(join(root, 'test/fixtures/postrender/helm3-istio-0.8.yaml'));

interface Run {
  code: number | null;
  out: string;
  err: string;
}

function run(args: string[], input: Buffer | string | number = ''): Run {
  const fromFile = typeof input === 'number';
  const r: SpawnSyncReturns<Buffer> = spawnSync(process.execPath, [bin, ...args], {
    ...(fromFile ? { stdio: [input, 'pipe', 'pipe'] } : { input }),
    env: { PATH: process.env.PATH ?? '' },
  });
  return { code: r.status, out: r.stdout.toString('latin1'), err: r.stderr.toString('utf8') };
}

function refused(t: Test, r: Run, pattern: RegExp, what: string): void {
  t.equal(r.code, 2, `${what}: exit 2 (${r.err.trim()})`);
  t.equal(r.out, '', `${what}: nothing on stdout`);
  t.equal(r.err.trimEnd().split('\n').length, 1, `${what}: one line`);
  t.match(r.err, pattern, what);
  t.notMatch(r.err, /\n\s+at /, `${what}: no stack trace`);
}

t.test('1. standard input belongs to the stream: any other reader of it is a usage error', async (t) => {
  const link = join(dir, 'stdin-link');
  symlinkSync('/dev/stdin', link);
  for (const args of [
    ['-f', '-'],
    ['-f', '/dev/stdin'],
    ['-f', '/dev/fd/0'],
    ['-f', '/proc/self/fd/0'],
    ['-f', link],
    ['--cluster-info', '-'],
    ['--cluster-info', '/dev/fd/0'],
  ]) {
    const r = run(['post-render', '-p', 'minikube', ...args], stream);
    refused(t, r, /post-render reads the stream from standard input, and .* names standard input too/, args.join(' '));
  }
  // Known by identity, not by name: the stream redirected from a file, and that file named again.
  const file = join(dir, 'stream.yaml');
  writeFileSync(file, stream);
  const fd = openSync(file, 'r');
  try {
    refused(t, run(['post-render', '-p', 'minikube', '-f', file], fd), /-f .*stream\.yaml names standard input too/, 'the redirected file');
  } finally {
    closeSync(fd);
  }
  // Elsewhere stdin may be read once, under any name.
  refused(t, run(['ranges', '-f', '-', '--cluster-info', '/dev/stdin', '-p', 'gke'], 'x'), /named more than once \(--cluster-info \/dev\/stdin, -f -\)/, 'twice');
  const once = spawnSync('sh', ['-c', `printf 'global: {proxy: {includeIPRanges: 192.0.2.0/24}}' | "${process.execPath}" "${bin}" ranges -f /dev/stdin`], { encoding: 'utf8' });
  t.equal(once.status, 0, once.stderr);
  t.equal(once.stdout, '192.0.2.0/24\n');
  // The check itself: no standard input, or a file that does not exist, is not standard input.
  t.equal(await namesStdin('/nonexistent/file'), false);
  t.equal(await namesStdin(file, () => { throw new Error('EBADF'); }), false);
  t.equal(await namesStdin('-', () => { throw new Error('not consulted'); }), true);
  t.equal(await namesStdin(file, () => statSync(file)), true, 'the same device and inode');
  t.equal(await namesStdin(file, () => statSync(dir)), false, 'another inode');
  t.equal(typeof (await processIO('1').namesStdin(file)), 'boolean', 'the real IO asks the same question');
});

t.test('2. never widen capture by omission', async (t) => {
  const values = join(dir, 'other-values.yaml');
  writeFileSync(values, 'global:\n  tag: 0.8.0\n');
  for (const args of [[], ['--exclude', '198.51.100.0/24'], ['-f', values], ['--set', 'global.tag=x'], ['--istio-version', '1.0']]) {
    refused(t, run(['post-render', ...args], stream), /nothing says which ranges to capture, .*chart default "\*"/, `post-render ${args.join(' ')}`);
  }
  const explicit = run(['post-render', '--include', '*'], stream);
  t.equal(explicit.code, 0, 'capturing everything on purpose is still possible');
  const set = run(['post-render', '--set', 'global.proxy.includeIPRanges=192.0.2.0/24'], stream);
  t.equal(set.code, 0, set.err);
  t.match(set.out, /"192\.0\.2\.0\/24"/);
  // The same through the API and the KRM function.
  t.throws(() => postRender(stream.toString(), {}), { code: 'E_USAGE' });
  t.throws(() => postRender(stream.toString(), { exclude: ['198.51.100.0/24'] }), { code: 'E_USAGE' });
  const list = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig:\n  kind: ConfigMap\n  data:\n    exclude: 10.0.0.0/8\n';
  const krm = runKrm(list);
  t.equal(krm.ok, false);
  t.match(krm.output, /nothing says which ranges to capture/);
  // An empty list (an unset variable) is refused where it is given, not read as "capture nothing".
  refused(t, run(['ranges', '--include', '']), /option --include has an empty value/, '--include ""');
  refused(t, run(['ranges', '--exclude=']), /option --exclude has an empty value/, '--exclude=');
  refused(t, run(['render', '-o', '']), /option --output-dir has an empty value/, "-o ''");
  t.throws(() => resolveValues({ include: [' '] }), { code: 'E_RANGE_LIST', message: /an include list is empty/ });
  t.throws(() => resolveValues({ provider: 'minikube', exclude: [''] }), { code: 'E_RANGE_LIST', message: /an exclude list is empty/ });
  const krmEmpty = runKrm(list.replace('exclude: 10.0.0.0/8', 'include: ""'));
  t.match(krmEmpty.output, /an include list is empty/);
  // A short option's value after "=" is the value, not "=value".
  refused(t, run(['-o=-']), /--output-dir - names no directory/, '-o=-');
  const kind = run(['ranges', '-p=kind']);
  t.equal(kind.code, 0, kind.err);
});

t.test('4. bytes that are not UTF-8 are refused, never rewritten', async (t) => {
  const bad = Buffer.concat([stream, Buffer.from('---\napiVersion: v1\nkind: Secret\ndata:\n  x: "\xff\xfe"\n', 'latin1')]);
  const at = stream.length + 'apiVersion: v1\nkind: Secret\ndata:\n  x: "'.length + 4;
  refused(t, run(['post-render', '-p', 'minikube'], bad), new RegExp(`standard input is not UTF-8 text: it has a byte that is not UTF-8 \\(0xff\\) at byte offset ${at}`), 'stream');
  const values = join(dir, 'latin1.yaml');
  writeFileSync(values, Buffer.from('global:\n  tag: caf\xe9\n', 'latin1'));
  refused(t, run(['ranges', '-f', values]), /-f: ".*latin1\.yaml" is not UTF-8 text: it has a byte that is not UTF-8 \(0xe9\) at byte offset 18/, 'values file');
  // Valid UTF-8 (a byte-order mark, characters outside the BMP, U+FFFD itself) passes byte for byte.
  const exotic = Buffer.concat([Buffer.from('\ufeff'), stream, Buffer.from('---\nkind: Note\nnote: "\u{1F600} \ufffd \u2028"\n')]);
  const r = spawnSync(process.execPath, [bin, 'post-render', '-p', 'minikube'], { input: exotic });
  t.equal(r.status, 0, r.stderr.toString());
  const tail = Buffer.from('---\nkind: Note\nnote: "\u{1F600} \ufffd \u2028"\n');
  t.same(r.stdout.subarray(r.stdout.length - tail.length), tail, 'the untouched document, byte for byte');
  t.same(r.stdout.subarray(0, 3), Buffer.from('\ufeff'), 'the byte-order mark kept');
  // The decoder itself.
  const fails = (bytes: number[]): string => {
    try {
      decodeText(Uint8Array.from(bytes));
    } catch (e) {
      if (e instanceof RenderInjectorError) return e.message;
    }
    return 'decoded';
  };
  t.match(fails([0x61, 0xe2, 0x82]), /\(0xe2\) at byte offset 1/, 'the text ends inside a character');
  t.match(fails([0x61, 0xe2, 0x82, 0x41]), /\(0xe2\) at byte offset 1/, 'a character cut short');
  t.match(fails([0xc3, 0xa9, 0xff]), /\(0xff\) at byte offset 2/, 'after a whole character');
  t.match(fails([0xed, 0xa0, 0x80]), /\(0xed\) at byte offset 0/, 'an encoded surrogate');
  t.match(fails([0xff, 0xfe, 0x61, 0x00]), /is UTF-16 text \(it starts with a UTF-16 byte-order mark\)/);
  t.match(fails([0xfe, 0xff, 0x00, 0x61]), /is UTF-16 text/);
  t.match(fails([0x67, 0x00, 0x6c, 0x00]), /looks like UTF-16 text/);
  t.match(fails([0x00, 0x67]), /looks like UTF-16 text/);
  t.equal(fails([0xc3, 0xa9]), 'decoded');
  t.equal(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61])), '\ufeffa');
  const utf16 = join(dir, 'utf16.yaml');
  writeFileSync(utf16, Buffer.from('\ufeffglobal: {}\n', 'utf16le'));
  refused(t, run(['ranges', '-f', utf16]), /utf16\.yaml" is UTF-16 text/, 'a UTF-16 values file');
});

t.test('6. a failing stdout is one line naming the error', async (t) => {
  const full = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" -p minikube > /dev/full`], { encoding: 'utf8' });
  t.equal(full.status, 2);
  t.equal(full.stderr, 'error: cannot write to standard output (ENOSPC: no space left on device, write); check where standard output goes: a full disk, or a reader that stopped reading\n');
  // A reader that stops reading before a large output is written.
  const pipe = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" iptables --include 10.0.0.0/8 --set renderInjector.ipv6=true --format nft | true; exit 0`], { encoding: 'utf8' });
  t.notMatch(pipe.stderr, /\n\s+at |Error:/, 'no stack trace');
  t.ok(pipe.stderr === '' || /^error: cannot write to standard output \(EPIPE/.test(pipe.stderr), pipe.stderr);
  // In-process: a write that throws at once, and an error without a system code.
  const throwing = { write: () => { throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' }); } } as unknown as NodeJS.WriteStream;
  const io = processIO('1', { stdin: process.stdin, stdout: throwing, stderr: throwing, env: {} } as unknown as Parameters<typeof processIO>[1]);
  t.throws(() => io.stdout('x'), { code: 'E_FILE', message: 'cannot write to standard output (EIO: i/o error, write)' });
  t.equal(stdoutError(new Error('closed')).message, 'cannot write to standard output (closed)');
});
