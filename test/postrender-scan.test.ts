// Issue 12: the post-renderer composes only the documents its byte scan (lib/postrender/scan.ts) cannot prove
// plain. The proof that this changes nothing: over the bad-input corpus (every post-render fixture, the real
// installs, the streams the hardening tests refuse, hand-written edge cases, and seeded random mutations and
// YAML-like streams) the scan and full composition are run side by side:
// - every document the scan calls plain composes without an error, and the injector finder finds nothing in it
//   and refuses nothing (so the scan's accept set lies inside composition's);
// - the scan splits the stream into the documents composition finds, numbered the same;
// - postRender (string and bytes) gives exactly what full composition gives: the same output, patch count,
//   warnings and notes, or the same error, message and place.
import t from 'tap';
import fc from 'fast-check';
import { Readable, Writable } from 'node:stream';
import { closeSync, constants, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Composer, Parser } from 'yaml';
import { patchStream as postRender, patchStreamBytes as postRenderBytes, type PostRenderOptions } from '../lib/postrender/stream.js';
import { scanStream } from '../lib/postrender/scan.js';
import { findInjectorConfigMaps } from '../lib/postrender/injectors.js';
import { checkPatchRanges } from '../lib/postrender/ranges.js';
import { renderConfigMap } from '../lib/pipeline/index.js';
import { main } from '../lib/cli/main.js';
import { decodeText, processIO, readAll, readStdinBytes } from '../lib/cli/io.js';
import { RenderInjectorError } from '../lib/errors.js';
import { runCli } from './helpers/cli-run.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = join(root, 'test/fixtures');
const installs = join(root, '../shared/reference/istio-streams');
const SEED = Number(process.env.FUZZ_SEED ?? 1212);
const options: PostRenderOptions = {
  ...checkPatchRanges({ includeIPRanges: '192.0.2.0/24' }),
  values: checkPatchRanges({ includeIPRanges: '192.0.2.0/24,2001:db8::/32' }),
};

/** What a post-render gave: the result, or the error with its message, place and hint. */
function outcome(run: () => { output: string; patched: number; warnings: unknown[]; notes: string[]; shape?: string }): unknown {
  try {
    const r = run();
    return { output: r.output, patched: r.patched, warnings: r.warnings, notes: r.notes, shape: r.shape };
  } catch (e) {
    if (!(e instanceof RenderInjectorError)) throw e;
    return { code: e.code, message: e.message, place: e.place, hint: e.hint };
  }
}

/** Every document of a stream as composition sees it, errors and all (composeStream stops at the first). */
function composeAll(text: string) {
  return [...new Composer({ keepSourceTokens: true, uniqueKeys: false, schema: 'failsafe' }).compose(new Parser().parse(text), true, text.length)];
}

/** Runs the scan and composition over one stream; returns what disagrees (empty when they agree). */
function disagreements(text: string, opts: PostRenderOptions = options): string[] {
  const problems: string[] = [];
  const bytes = Buffer.from(text);
  const scanned = scanStream(bytes);
  if (scanned !== undefined) {
    const docs = composeAll(text);
    const firstError = docs.findIndex((d) => d.errors.length > 0);
    // Up to the first document composition refuses (where post-render stops), the documents are the same ones.
    if (firstError === -1 ? scanned.length !== docs.length : scanned.length <= firstError) {
      problems.push(`the scan found ${scanned.length} documents, composition ${docs.length} (first error in ${firstError + 1})`);
    }
    scanned.forEach((d, i) => {
      const doc = docs[i];
      if (!d.plain || doc === undefined) return;
      if (doc.errors.length > 0) problems.push(`document ${i + 1}: the scan calls it plain, composition says ${doc.errors[0]!.message}`);
      else {
        try {
          const found = findInjectorConfigMaps(doc, i + 1, [doc.range[0], doc.range[2]]);
          if (found.length > 0) problems.push(`document ${i + 1}: the scan calls it plain, but it holds ${found[0]!.name}`);
        } catch (e) {
          problems.push(`document ${i + 1}: the scan calls it plain, the finder refuses it: ${(e as Error).message}`);
        }
      }
    });
  }
  const full = outcome(() => postRender(text, opts, () => undefined));
  const scan = outcome(() => postRender(text, opts));
  const viaBytes = outcome(() => {
    const r = postRenderBytes(bytes, opts);
    return { ...r, output: Buffer.concat(r.output).toString('utf8') };
  });
  if (JSON.stringify(scan) !== JSON.stringify(full)) problems.push(`postRender differs from full composition:\n${JSON.stringify(scan).slice(0, 600)}\n${JSON.stringify(full).slice(0, 600)}`);
  // (a string with a lone surrogate has no UTF-8 of its own: its bytes are another stream)
  if (JSON.stringify(viaBytes) !== JSON.stringify(full) && bytes.toString('utf8') === text) problems.push('postRenderBytes differs from full composition');
  return problems;
}

const read = (path: string): string => readFileSync(path, 'utf8');
const cm = renderConfigMap({ provider: 'minikube' });
const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n';

/** The corpus: fixtures, real installs, and streams the hardening tests and this issue care about. */
function corpus(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const dir of ['postrender', 'istiod']) {
    for (const f of readdirSync(join(fixtures, dir))) out[`${dir}/${f}`] = read(join(fixtures, dir, f));
  }
  if (existsSync(installs)) for (const f of readdirSync(installs).filter((f) => f.endsWith('.yaml'))) out[f] = read(join(installs, f));
  const body = cm.slice(cm.indexOf('\ndata:\n') + 1);
  const cases: Record<string, string> = {
    'the rendered ConfigMap': cm,
    'a Service then the ConfigMap': `---\n# Source: a.yaml\n${service}---\n${cm}`,
    'kind twice in another document': `${service}kind: ConfigMap\n---\n${cm}`,
    'metadata.name twice': cm.replace('  name: istio-sidecar-injector\n', '  name: istio-sidecar-injector\n  name: other\n'),
    'a ConfigMap with metadata twice': 'kind: ConfigMap\nmetadata:\n  name: a\nmetadata:\n  name: b\n',
    'a ConfigMap with name twice': 'kind: ConfigMap\nmetadata:\n  name: a\n  name: b\n',
    'kind twice, not a ConfigMap': 'kind: Secret\nkind: Service\n',
    'items twice in a List': 'apiVersion: v1\nkind: List\nitems: []\nitems: []\n',
    'a List holding the ConfigMap': `apiVersion: v1\nkind: List\nitems:\n- ${cm.replace(/\n(?=.)/g, '\n  ')}`,
    'a ConfigMapList': `kind: ConfigMapList\nitems:\n- ${cm.replace(/\n(?=.)/g, '\n  ')}`,
    'a merge key': `base: &base\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: istio-sidecar-injector\n<<: *base\n${body}`,
    'a merge key in metadata': `kind: ConfigMap\nmetadata:\n  <<: {name: istio-sidecar-injector}\n${body}`,
    'a flow document': `{kind: ConfigMap, metadata: {name: istio-sidecar-injector}, data: {config: "policy: enabled\\ntemplate: x"}}\n`,
    'flow metadata': `kind: ConfigMap\nmetadata: {name: istio-sidecar-injector}\n${body}`,
    'an escaped name': cm.replace('  name: istio-sidecar-injector\n', '  name: "istio-sidecar-\\x69njector"\n'),
    'an escaped kind': cm.replace('kind: ConfigMap\n', 'kind: "Config\\u004dap"\n'),
    'an escaped key': cm.replace('kind: ConfigMap\n', '"\\x6bind": ConfigMap\n'),
    'a quoted kind and name': cm.replace('kind: ConfigMap\n', "kind: 'ConfigMap'\n").replace('  name: istio-sidecar-injector\n', '  name: "istio-sidecar-injector" # quoted\n'),
    'a tagged kind': cm.replace('kind: ConfigMap\n', 'kind: !!str ConfigMap\n'),
    'an anchored kind': `a: &k ConfigMap\n${cm.replace('kind: ConfigMap\n', 'kind: *k\n')}`,
    'a kind on the next line': cm.replace('kind: ConfigMap\n', 'kind:\n  ConfigMap\n'),
    'a block-scalar kind': cm.replace('kind: ConfigMap\n', 'kind: |-\n  ConfigMap\n'),
    'a name in a comment only': `kind: ConfigMap\nmetadata:\n  name: other # istio-sidecar-injector\n`,
    'a revision name': cm.replace('  name: istio-sidecar-injector\n', '  name: istio-sidecar-injector-canary\n'),
    'CRLF': `---\r\n${service.replace(/\n/g, '\r\n')}---\r\n${cm.replace(/\n/g, '\r\n')}`,
    'a lone CR': `${service}spec: a\rb\n---\n${cm}`,
    'a BOM': `\ufeff---\n${service}---\n${cm}`,
    'a BOM then a comment': `\ufeff# c\n${service}`,
    'a directive': `%YAML 1.2\n---\n${service}---\n${cm}`,
    'a directive later': `${service}---\n${cm}...\n%YAML 1.2\n---\n${service}`,
    'a directive, then an error in a later document': `%YAML 1.2\n---\n${service}---\nx: [a\n`,
    'an error in the last document': `${service}---\nx: "a\n`,
    'a key twice, then an error in the next document': `---\n${cm}kind: x\n---\ny: [\n`,
    'document-end markers': `${service}...\n---\n${cm}...\n`,
    'a bare document then markers': `${service}---\n${cm}---\n`,
    'comments before the first marker': `# one\n\n  # two\n---\n${service}---\n${cm}`,
    'a tab before a comment': ` \t# c\n---\n${service}`,
    'empty documents': `---\n---\n# only a comment\n---\n${cm}---\n`,
    'an empty stream': '',
    'only a comment': '# nothing\n',
    'a marker with a comment': `--- # first\n${service}`,
    'a marker with content': `--- |\n  text\n---\n${cm}`,
    '--- inside a block scalar': `kind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: |\n    a\n---\n    b\n---\n${cm}`,
    '--- inside a quoted scalar': `kind: Secret\nx: "a\n---\nb"\n---\n${cm}`,
    '--- inside a flow collection': `kind: Secret\nx: [a,\n---\n]\n---\n${cm}`,
    'an unclosed quote': `kind: Secret\nx: "a\n---\n${cm}`,
    'a tab in indentation': `${service}spec:\n\ttype: A\n---\n${cm}`,
    'a tab in a block scalar': `${service}data:\n  x: |\n    a\tb\n    \tc\n---\n${cm}`,
    'more-indented leading blank lines': `${service}data:\n  x: |\n      \n    a\n`,
    'an explicit indentation indicator': `${service}data:\n  x: |2\n     a\n`,
    'a sequence at its key\'s column': `${service}list:\n- a\n- b: c\n  d: e\nother: x\n`,
    'a nested sequence': `${service}list:\n  -\n    - a\n  - - b\n`,
    'a multi-line plain scalar': `${service}spec: a\n  b\n`,
    'a nested mapping in a compact one': `${service}spec: a: b\n`,
    'a bad indentation': `${service}spec:\n    a: 1\n  b: 2\n`,
    'a key over 1024 characters': `${service}${'k'.repeat(1100)}: v\n`,
    'a bad escape': `${service}x: "\\q"\n`,
    'reserved characters': `${service}x: @a\ny: \`b\n`,
    'a NUL and a NEL': `${service}x: a\u0000b\ny: c\u0085d\n`,
    'non-ASCII text': `${service}x: grüße — 日本 😀\n# ✓ comment\n---\n${cm}`,
    'flow collections': `${service}spec: {a: [1, 2, {b: c}], d: "e", 'f': g}\nx: [a, b,]\ny: {a: b:c}\nz: []\n`,
    'an unbalanced flow collection': `${service}spec: {a: b\n---\n${cm}`,
    'a duplicate key elsewhere': `${service}spec:\n  type: A\n  type: B\n---\n${cm}`,
    'a top-level scalar': 'just text\n---\n' + cm,
    'a flow end opening a document': `${service}---\n# c\n\n  }\n---\n${cm}`,
    'a flow end on a marker line': `${service}--- ]\n---\n${cm}`,
    'a flow end opening the last document': `- \n---\n}\n`,
    // Documents to compose that follow each other are composed as one span: an error in the second is placed as
    // composing the whole stream places it (an unclosed quote runs on into the documents after it).
    'an unclosed quote in the second of two composed documents': `kind: List\n---\na: "unclosed\n---\n${service}---\nb: "x"\n`,
    'an unclosed single quote in the third of three': `kind: List\n---\nkind: List\n---\na: 'unclosed\n---\n${service}---\nb: 'x'\n`,
    'a top-level sequence': `- kind: ConfigMap\n  metadata:\n    name: istio-sidecar-injector\n---\n${cm}`,
    'an indented top-level map': `  kind: Secret\n  a: b\n---\n${cm}`,
    'two injector revisions': `${cm}---\n${cm.replace('  name: istio-sidecar-injector\n', '  name: istio-sidecar-injector-canary\n')}`,
    'no injector': `---\n${service}`,
    'a lone surrogate': `${service}x: a\ud800b\n---\n${cm}`,
  };
  for (const [name, text] of Object.entries(cases)) out[name] = text;
  return out;
}

t.test('the corpus: the scan agrees with full composition', async (t) => {
  const all = corpus();
  for (const [name, text] of Object.entries(all)) t.same(disagreements(text), [], name);
  // and for the revision and strict options too
  const two = all['two injector revisions']!;
  t.same(disagreements(two, { ...options, revision: 'canary' }), [], 'two revisions, --revision canary');
  t.same(disagreements(all['no injector']!, { ...options, strict: true }), [], 'no injector, --strict');
  // What the scan leaves to composition, on purpose.
  const plain = (text: string) => scanStream(Buffer.from(text))?.map((d) => d.plain);
  t.same(plain(`---\n${service}---\n${cm}`), [true, false], 'the injector ConfigMap is composed, the Service is not');
  t.equal(plain(all['a directive']!), undefined, 'a directive: composed whole');
  t.equal(plain(all['document-end markers']!), undefined, 'a document-end marker: composed whole');
  t.same(plain(all['comments before the first marker']!), [true, false], 'comment lines before the first --- belong to document 1');
  t.same(plain(all['a bare document then markers']!), [true, false, true], 'a bare document, then two');
  t.same(plain(''), [true], 'an empty stream is one empty document');
  t.same(plain(all['a name in a comment only']!), [true], 'a comment never names the ConfigMap');
  t.same(plain(all['a flow end opening a document']!), [false, false, false], 'yaml blames a } that opens a document on the one before');
  t.same(plain(`${service}---\n# c\n---\n${service}`), [true, true, true], 'comments alone open no flow end');
});

t.test('line ends are found at every length and alignment (the scan reads four bytes at a time)', async (t) => {
  // Lines of every length from 0 to 80 and one of 300 (past the word loop, to the native search), a `\n` in
  // every position of a word; the stream at every alignment of its memory, and with and without a last `\n`.
  const lines = Array.from({ length: 81 }, (_, k) => `k${k}: ${'x'.repeat(k)}`.slice(0, Math.max(0, k - 1)));
  const body = [...lines, `long: ${'y'.repeat(300)}`].map((l) => (l.includes(':') || l === '' ? l : `# ${l}`)).join('\n');
  const text = `---\n${body}\n---\nkind: Service\n---\n${body}`;
  for (const end of ['', '\n']) {
    const stream = Buffer.from(text + end);
    const expected = [...text.matchAll(/^---$/gm)].map((m) => ({ start: m.index, line: text.slice(0, m.index).split('\n').length - 1 }));
    for (let shift = 0; shift < 4; shift++) {
      const held = Buffer.alloc(stream.length + 8);
      stream.copy(held, shift);
      const docs = scanStream(held.subarray(shift, shift + stream.length));
      t.same(docs?.map((d) => ({ start: d.start, line: d.line })), expected, `memory offset ${shift}, ${end === '' ? 'no' : 'a'} last line end`);
      t.equal(docs?.at(-1)?.end, stream.length, 'the last document ends with the stream');
    }
  }
});

t.test('what the scan proves plain, and what it leaves to composition', async (t) => {
  const long = 'x'.repeat(200);
  const cases: [string, boolean][] = [
    [`${service}data:\n  a: ${long}\n  b: ${long}   \n  c: ${long} # a comment\n  d: ${long}:x\n`, true],
    [`${service}x: "a\\x41\\u00e9\\n\\"" # escapes\ny: 'it''s'\n`, true],
    [`${service}x: "\\x4"\n`, false],
    [`${service}x: "\\xZZ"\n`, false],
    [`${service}x: "\\u12"\n`, false],
    [`${service}x: "a\tb"\n`, false],
    [`${service}x: ${'['.repeat(34)}${']'.repeat(34)}\n`, false],
    [`${service}x: ${'['.repeat(30)}a${']'.repeat(30)}\n`, true],
    [`${service}x: {[a]: b}\n`, false],
    [`${service}x: [-1, -a, .5]\n`, true],
    [`${service}x: [-]\n`, false],
    [`${service}x: [a#b]\n`, false],
    [`${service}x: [a\tb]\n`, false],
    [`${service}x: [a{b}]\n`, false],
    [`${service}x: {<<: a}\n`, false],
    [`${service}x: {<a: <<, ab: cd}\n`, true],
    [`${service}x: |-\n  text\n`, true],
    [`${service}x: |- # a comment\n  text\n`, true],
    [`${service}x: |-x\n  text\n`, false],
    [`kind: |\n  Service\n`, false],
    [`kind: Service\nmetadata: |\n  name: x\n`, false],
  ];
  for (const [text, plain] of cases) {
    t.same(scanStream(Buffer.from(text))?.map((d) => d.plain), [plain], JSON.stringify(text).slice(0, 80));
    t.same(disagreements(text), [], 'agrees with composition');
  }
});

// Characters and fragments that matter to YAML and to the finder, as the fuzz test uses.
const TOKENS = [
  ':', ': ', '-', '- ', '{', '}', '[', ']', ',', '&a', '*a', '<<: ', '!!str ', '%YAML 1.1\n', '---\n', '...\n', '"', "'", '\\', '\n', '\r\n', '\t',
  '  ', '#', '|', '>', '|-\n', '.', '/', '*', '~', 'null', '0', '-1', '\u0000', '\u0085', '\u2028', '\ufeff', 'kind', 'ConfigMap', 'List', 'metadata',
  'name', 'istio-sidecar-injector', 'data', 'config', 'values', '\n  ', '\n    ', '\n---\n', ' #', '"\\x41"',
];

const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  del: fc.nat({ max: 12 }),
  ins: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 6 }), fc.constant('')),
});

/** A seed with a few random edits. */
const mutated = (seeds: string[]) =>
  fc.tuple(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 4 })).map(([seed, edits]) => {
    let s = seed;
    for (const e of edits) {
      const at = Math.floor(e.at * s.length);
      s = s.slice(0, at) + e.ins + s.slice(at + e.del);
    }
    return s;
  });

// YAML-like lines, in and around the scan's subset.
const INDENT = fc.constantFrom('', '', '', '  ', '  ', '    ', '      ', ' ', '\t');
const KEY = fc.constantFrom('kind', 'metadata', 'name', 'data', 'items', 'spec', 'a', 'b', '"kind"', "'name'", '"k\\x69nd"', '<<', '"<<"', '-x', 'a b', 'a#b', 'a[0]', '? a', 'k ');
const VALUE = fc.constantFrom(
  '', 'ConfigMap', 'List', 'ConfigMapList', 'Secret', 'istio-sidecar-injector', 'istio-sidecar-injector-canary', 'other', '"ConfigMap"', "'ConfigMap'", '"a\\tb"', "'it''s'",
  '"\\q"', '"open', "'open", '{a: b}', '{name: istio-sidecar-injector}', '[a, b]', '[a, [b, {c: d}]]', '{}', '[]', '[a,]', '{a: b:c}', '{a, b}', '|', '|-', '>', '|+', '|2', '|x',
  '&a x', '*a', '!!str x', '-1', '- x', '-', '#c', ' # c', '@x', '`x', '%x', 'a: b', 'a #c', 'a#c', 'http://x', 'a,b', ':x', '?x', 'x\t', 'grüße', '\u0085', 'a ',
);
const LINE = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(INDENT, KEY, fc.constantFrom(':', ': ', ':  ', ' : ', ':\t'), VALUE).map(([i, k, s, v]) => `${i}${k}${s}${v}`) },
  { weight: 3, arbitrary: fc.tuple(INDENT, fc.constantFrom('- ', '-', '-  ', '- - '), fc.oneof(VALUE, KEY.map((k) => `${k}: x`))).map(([i, d, v]) => `${i}${d}${v}`) },
  { weight: 2, arbitrary: fc.tuple(INDENT, fc.constantFrom('text', 'more text', '#c', '', '  ', '---', '...', '--- x', '----', '%YAML 1.2', '"q"', '}')).map(([i, x]) => `${i}${x}`) },
);
const STREAM = fc.array(fc.oneof({ weight: 12, arbitrary: LINE }, { weight: 1, arbitrary: fc.constant(`---\n${cm.trimEnd()}`) }), { maxLength: 24 }).chain((lines) =>
  fc.constantFrom('\n', '\r\n').map((eol) => lines.join(eol) + eol),
);

t.test('seeded mutations of good streams and YAML-like streams: the scan agrees with full composition', async (t) => {
  const seeds = ['postrender/helm3-istio-0.8.yaml', 'postrender/helm4-istio-1.0.yaml', 'istiod/istiod-1.28-canary.yaml'].map((f) => read(join(fixtures, f)));
  let runs = 0;
  let plainDocs = 0;
  const property = (text: string) => {
    runs += 1;
    plainDocs += scanStream(Buffer.from(text))?.filter((d) => d.plain).length ?? 0;
    const problems = disagreements(text);
    if (problems.length > 0) throw new Error(`${problems.join('\n')}\ninput: ${JSON.stringify(text)}`);
  };
  fc.assert(fc.property(mutated(seeds), property), { seed: SEED, numRuns: 200 });
  fc.assert(fc.property(STREAM, property), { seed: SEED, numRuns: 2000 });
  t.ok(runs >= 2200, `${runs} streams, ${plainDocs} documents proven plain, each agreeing with composition`);
  t.ok(plainDocs > 500, 'the generated streams exercise the plain path');
});

t.test('the CLI reads the stream as bytes and writes the same bytes the text path writes', async (t) => {
  const stream = `---\n# Source: a.yaml\n${service}---\n${cm}---\nx: grüße\n`;
  const out: Buffer[] = [];
  const err: string[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => void (out.push(Buffer.from(chunk)), done()) });
  const proc = { stdin: Readable.from([Buffer.from(stream)]), stdout: sink, stderr: { write: (s: string) => err.push(s) }, env: {} };
  const io = processIO('1', proc as unknown as Parameters<typeof processIO>[1]);
  const code = await main(['post-render', '-p', 'minikube'], io);
  const text = await runCli(['post-render', '-p', 'minikube'], { '-': stream });
  t.equal(code, 0);
  t.equal(text.code, 0);
  t.equal(Buffer.concat(out).toString('utf8'), text.out, 'the same output as through text');
  t.equal(err.join(''), text.err, 'the same notes');
  t.match(text.out, /192\.168\.0\.0\/16|10\.96\.0\.0\/12/, 'patched');
  // A refusal: the same one line, nothing on stdout.
  const bad = Buffer.from(`${service}x: [a\n---\n${cm}`);
  out.length = 0;
  err.length = 0;
  const badIO = processIO('1', { ...proc, stdin: Readable.from([bad]) } as unknown as Parameters<typeof processIO>[1]);
  t.equal(await main(['post-render', '-p', 'minikube'], badIO), 2);
  const badText = await runCli(['post-render', '-p', 'minikube'], { '-': decodeText(bad) });
  t.equal(out.length, 0, 'nothing on stdout');
  t.equal(err.join(''), badText.err, 'the same error as through text');
  // Bytes that are not UTF-8: refused before any YAML, as through text.
  err.length = 0;
  const latin1 = processIO('1', { ...proc, stdin: Readable.from([Buffer.from([0x6b, 0xe9, 0x0a])]) } as unknown as Parameters<typeof processIO>[1]);
  t.equal(await main(['post-render', '-p', 'minikube'], latin1), 2);
  t.match(err.join(''), /standard input is not UTF-8 text: it has a byte that is not UTF-8 \(0xe9\) at byte offset 1/);
  // A write that fails says so in one line.
  const broken = processIO('1', { ...proc, stdin: Readable.from([Buffer.from(stream)]), stdout: { write: () => { throw Object.assign(new Error('EPIPE: broken pipe'), { code: 'EPIPE' }); } } } as unknown as Parameters<typeof processIO>[1]);
  err.length = 0;
  t.equal(await main(['post-render', '-p', 'minikube'], broken), 2);
  t.match(err.join(''), /cannot write to standard output \(EPIPE: broken pipe\)/);
});

t.test('standard input as a file is read by its descriptor, whole', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ri-scan-'));
  const file = join(dir, 'stream.yaml');
  writeFileSync(file, cm);
  const fd = openSync(file, 'r');
  try {
    const never = new Readable({ read() { throw new Error('the stream is not read when the descriptor is a file'); } });
    t.equal((await readStdinBytes(() => never, fd)).toString('utf8'), cm, 'the whole file');
  } finally {
    closeSync(fd);
  }
  writeFileSync(file, '');
  const empty = openSync(file, 'r');
  try {
    t.equal((await readStdinBytes(() => Readable.from([]), empty)).length, 0, 'an empty file');
  } finally {
    closeSync(empty);
  }
  t.equal((await readStdinBytes(() => Readable.from([Buffer.from('a'), 'b']), -1)).toString(), 'ab', 'not a descriptor: the stream');
  const folder = openSync(dir, 'r');
  try {
    t.equal((await readStdinBytes(() => Readable.from([Buffer.from('c')]), folder)).toString(), 'c', 'a descriptor that is no file: the stream');
  } finally {
    closeSync(folder);
  }
  const status = openSync('/proc/self/status', 'r'); // a regular file whose size says 0
  try {
    t.match((await readStdinBytes(() => Readable.from([]), status)).toString(), /^Name:/, 'a file longer than its size is read to its end');
  } finally {
    closeSync(status);
  }
  await t.rejects(readStdinBytes(() => Readable.from([Buffer.from([0xff, 0xfe, 0x61, 0x00])])), /UTF-16/, 'checked as text is');
});

t.test('standard input on a pipe is read by its descriptor; a read that would block hands over to the stream', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ri-fifo-'));
  const fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  // Opened without blocking (no writer yet), then a writer: the pipe holds what is written until it is read.
  const openPair = () => {
    const r = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    return [r, openSync(fifo, 'w')] as const;
  };
  const never = () => new Readable({ read() { throw new Error('the stream is not read while the descriptor gives bytes'); } });
  let [r, w] = openPair();
  try {
    writeSync(w, 'kind: ConfigMap\n');
    closeSync(w); // the end of the stream: the next read returns nothing
    t.equal((await readStdinBytes(never, r)).toString(), 'kind: ConfigMap\n', 'the whole pipe, by its descriptor');
  } finally {
    closeSync(r);
  }
  // More than a pipe holds, from another process: read in several blocks, joined.
  const big = join(dir, 'big.yaml');
  const text = 'key: value\n'.repeat(40000);
  writeFileSync(big, text);
  const writer = spawn('sh', ['-c', 'cat "$1" > "$2"', 'sh', big, fifo], { stdio: 'ignore' });
  r = openSync(fifo, 'r'); // blocking, as a shell gives it; returns once the writer has opened its end
  try {
    t.ok((await readStdinBytes(never, r)).equals(Buffer.from(text)), `${text.length} bytes through the pipe, whole and in order`);
  } finally {
    closeSync(r);
  }
  t.equal((await once(writer, 'exit'))[0], 0, 'the writer finished');
  [r, w] = openPair();
  try {
    writeSync(w, 'first: 1\n');
    // The writer stays open and the descriptor is non-blocking: the second read fails with EAGAIN, and the stream
    // (here one that gives the rest) continues after the bytes already read.
    t.equal((await readStdinBytes(() => Readable.from([Buffer.from('second: 2\n')]), r)).toString(), 'first: 1\nsecond: 2\n', 'read on by the stream');
  } finally {
    closeSync(w);
    closeSync(r);
  }
});

t.test('a stream on a pipe is read into one buffer that doubles as it fills', async (t) => {
  // Chunks of every size, strings among them, as a pipe gives them: the bytes come back whole and in order.
  const chunks = Array.from({ length: 300 }, (_, i) => (i % 7 === 0 ? 'ü'.repeat(i) : Buffer.alloc(i * 37 + 1, i % 251)));
  const want = Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
  const got = await readAll(Readable.from(chunks));
  t.ok(got.equals(want), `${want.length} bytes in ${chunks.length} chunks`);
  t.ok(got.buffer.byteLength >= got.length && got.buffer.byteLength < 2 * want.length + (1 << 16), 'in one buffer, grown by doubling');
  t.equal((await readAll(Readable.from([]))).length, 0, 'an empty stream');
});
