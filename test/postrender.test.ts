import t, { type Test } from 'tap';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Document, Scalar, parseAllDocuments, parseDocument } from 'yaml';
import { INJECTOR_CONFIGMAP } from '../lib/postrender/index.js';
import { patchText as postRender } from './helpers/patch.js';
import { RenderInjectorError } from '../lib/errors.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures/postrender');
const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8');
const HELM3 = fixture('helm3-istio-0.8.yaml');
const HELM4 = fixture('helm4-istio-1.0.yaml');
const INCLUDE = '10.0.0.0/8,172.30.0.0/16,fd00::/8';
const EXCLUDE = '10.96.0.1/32';

interface DocSpan {
  start: number;
  end: number;
  injector: boolean;
}

/** Document spans of a stream, found independently by yaml's parseAllDocuments (they tile the text). */
function spans(text: string): DocSpan[] {
  return parseAllDocuments(text, { uniqueKeys: false }).map((d) => {
    const js = d.toJS() as { kind?: string; metadata?: { name?: string } } | null;
    return {
      start: d.range[0],
      end: d.range[2],
      injector: js?.kind === 'ConfigMap' && js.metadata?.name === INJECTOR_CONFIGMAP,
    };
  });
}

/**
 * Asserts that every document except the injector ConfigMap is byte-identical and at the same place (shifted by
 * the size change of the patched document), and that the bytes around the documents are unchanged.
 */
function assertUntouched(t: Test, input: string, output: string): void {
  const a = spans(input);
  const b = spans(output);
  t.equal(b.length, a.length, 'same number of documents');
  let shift = 0;
  a.forEach((s, i) => {
    const o = b[i] as DocSpan;
    t.equal(o.start, s.start + shift, `document ${i + 1} starts at the same place`);
    if (s.injector) {
      shift += output.length - input.length;
      return;
    }
    if (input.slice(s.start, s.end) !== output.slice(o.start, o.end)) t.fail(`document ${i + 1} is byte-identical`);
  });
  t.ok(
    a.filter((s) => !s.injector).every((s, i) => input.slice(s.start, s.end) === output.slice((b.filter((x) => !x.injector)[i] as DocSpan).start, (b.filter((x) => !x.injector)[i] as DocSpan).end)),
    'all untouched documents are byte-identical',
  );
  const last = a[a.length - 1] as DocSpan;
  t.equal(output.slice(output.length - (input.length - last.end)), input.slice(last.end), 'the tail after the last document is unchanged');
}

/** Asserts the patched stream differs from the input only in the given line replacements (old → new literal). */
function assertOnlyValuesChanged(t: Test, input: string, output: string, changes: Array<[string, string]>): void {
  const before = input.split('\n');
  const after = output.split('\n');
  t.equal(after.length, before.length, 'same number of lines');
  const changed = before.flatMap((line, i) => (line === after[i] ? [] : [i]));
  t.equal(changed.length, changes.length, 'only the range lines changed');
  changed.forEach((i, k) => {
    const [from, to] = changes[k] as [string, string];
    t.ok((before[i] as string).includes(from), `line ${i + 1} had ${from}`);
    t.equal(after[i], (before[i] as string).replace(from, to), `line ${i + 1} differs only in the value`);
  });
}

/** The injector template of the first injector ConfigMap in an output stream (after parsing both YAML layers). */
function injectorTemplate(output: string): string {
  const doc = parseAllDocuments(output).find((d) => d.getIn(['metadata', 'name']) === INJECTOR_CONFIGMAP) as Document;
  const config = doc.getIn(['data', 'config']) as string;
  const inner = parseDocument(config);
  if (inner.errors.length > 0) throw inner.errors[0];
  return inner.get('template') as string;
}

const V08_INCLUDE = /traffic\.sidecar\.istio\.io\/includeOutboundIPRanges"\) -\]\]\n.*\n\s*\[\[ else -\]\]\n\s*- "([^"]*)"\n\s*\[\[ end -\]\]/;
const V08_EXCLUDE = /traffic\.sidecar\.istio\.io\/excludeOutboundIPRanges"\) -\]\]\n.*\n\s*\[\[ else -\]\]\n\s*- "([^"]*)"\n\s*\[\[ end -\]\]/;
const V10_INCLUDE = /- "\[\[ annotation \.ObjectMeta `traffic\.sidecar\.istio\.io\/includeOutboundIPRanges` {2}"([^"]*)" {2}\]\]"/;
const V10_EXCLUDE = /- "\[\[ annotation \.ObjectMeta `traffic\.sidecar\.istio\.io\/excludeOutboundIPRanges` {2}"([^"]*)" {2}\]\]"/;

t.test('Helm 3 stream with the 0.8 template', async (t) => {
  t.match(injectorTemplate(HELM3), V08_INCLUDE, 'fixture has the 0.8 shape');
  const r = postRender(HELM3, { includeIPRanges: INCLUDE, excludeIPRanges: EXCLUDE });
  t.equal(r.patched, 1);
  t.same(r.warnings, []);
  assertUntouched(t, HELM3, r.output);
  assertOnlyValuesChanged(t, HELM3, r.output, [
    ['"*"', `"${INCLUDE}"`],
    ['""', `"${EXCLUDE}"`],
  ]);
  const tpl = injectorTemplate(r.output);
  t.equal(V08_INCLUDE.exec(tpl)?.[1], INCLUDE);
  t.equal(V08_EXCLUDE.exec(tpl)?.[1], EXCLUDE);
  t.equal((r.output.match(/^# Source: .*$/gm) ?? []).join('\n'), (HELM3.match(/^# Source: .*$/gm) ?? []).join('\n'));
  t.ok(r.output.includes('  # the injection policy and template, read by the sidecar injector webhook\n  config: |-\n'), 'comment and style kept');
});

t.test('Helm 4 stream with the 1.0 template keeps the postrender-filename annotations', async (t) => {
  t.match(injectorTemplate(HELM4), V10_INCLUDE);
  const r = postRender(HELM4, { includeIPRanges: INCLUDE });
  t.equal(r.patched, 1);
  assertUntouched(t, HELM4, r.output);
  assertOnlyValuesChanged(t, HELM4, r.output, [['"*"', `"${INCLUDE}"`]]);
  const tpl = injectorTemplate(r.output);
  t.equal(V10_INCLUDE.exec(tpl)?.[1], INCLUDE);
  t.equal(V10_EXCLUDE.exec(tpl)?.[1], '', 'exclude left alone when not given');
  const names = (s: string): string[] => s.match(/postrenderer\.helm\.sh\/postrender-filename: .*/g) ?? [];
  t.equal(names(r.output).length, 4);
  t.same(names(r.output), names(HELM4));
  const docs = parseAllDocuments(r.output);
  t.equal(
    docs[1]?.getIn(['metadata', 'annotations', 'postrenderer.helm.sh/postrender-filename']),
    'istio/templates/sidecar-injector-configmap.yaml',
  );
});

t.test('CRLF line ends are kept everywhere, including the patched lines', async (t) => {
  for (const [name, lf] of [['0.8', HELM3], ['1.0', HELM4]] as const) {
    const crlf = lf.replace(/\n/g, '\r\n');
    const r = postRender(crlf, { includeIPRanges: INCLUDE, excludeIPRanges: EXCLUDE });
    t.equal(r.patched, 1, name);
    assertUntouched(t, crlf, r.output);
    t.notOk(/[^\r]\n/.test(r.output), `${name}: every line still ends in CRLF`);
    t.equal(r.output.replace(/\r\n/g, '\n'), postRender(lf, { includeIPRanges: INCLUDE, excludeIPRanges: EXCLUDE }).output, `${name}: same patch as LF`);
  }
});

t.test('a stream without a trailing newline, leading empty documents, and a lone document', async (t) => {
  const noNewline = HELM3.replace(/\n$/, '');
  const r1 = postRender(noNewline, { includeIPRanges: INCLUDE });
  t.equal(r1.patched, 1);
  t.notOk(r1.output.endsWith('\n'));
  assertUntouched(t, noNewline, r1.output);

  const leading = `---\n---\n# Source: empty.yaml\n---\n${HELM4}---\n`;
  const r2 = postRender(leading, { includeIPRanges: INCLUDE });
  t.equal(r2.patched, 1);
  assertUntouched(t, leading, r2.output);
  t.ok(r2.output.startsWith('---\n---\n# Source: empty.yaml\n---\n'));

  const lone = HELM4.split('---\n')[1] as string;
  const r3 = postRender(lone, { includeIPRanges: '*', excludeIPRanges: '' });
  t.equal(r3.patched, 0, 'already * and empty: nothing changes');
  t.equal(r3.output, lone);
});

t.test('documents larger than 1 MB, before and inside the injector ConfigMap', async (t) => {
  const bigLine = 'x'.repeat(99) + '\n';
  const big = `---\n# Source: big/templates/blob.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: blob\ndata:\n  blob: |\n${`    ${bigLine}`.repeat(12_000)}`;
  t.ok(big.length > 1_000_000);
  const cmDoc = (HELM3.split('---\n')[2] as string).replace('data:\n', `data:\n  padding: |\n${`    ${bigLine}`.repeat(11_000)}`);
  const stream = `${big}---\n${cmDoc}---\n${HELM4.split('---\n')[3]}`;
  const r = postRender(stream, { includeIPRanges: INCLUDE, excludeIPRanges: EXCLUDE });
  t.equal(r.patched, 1);
  assertUntouched(t, stream, r.output);
  assertOnlyValuesChanged(t, stream, r.output, [
    ['"*"', `"${INCLUDE}"`],
    ['""', `"${EXCLUDE}"`],
  ]);
  t.equal(V08_INCLUDE.exec(injectorTemplate(r.output))?.[1], INCLUDE);
});

t.test('a "---" inside a block scalar is content, a "---" at column 0 ends the scalar', async (t) => {
  const spanned = parseAllDocuments(HELM3);
  const mesh = spanned.find((d) => d.getIn(['metadata', 'name']) === 'istio')?.getIn(['data', 'mesh']);
  t.match(mesh, /\n---\n/, 'the indented marker is part of the mesh config');
  const r = postRender(HELM3, { includeIPRanges: INCLUDE });
  t.ok(r.output.includes('    disablePolicyChecks: false\n    ---\n    ingressControllerMode: OFF\n'));
  // At column 0 the same line is a document marker: the block scalar ends and a new document begins.
  const split = HELM4.replace('\n---\napiVersion: batch/v1', '\n---\n---\napiVersion: batch/v1');
  const r2 = postRender(split, { includeIPRanges: INCLUDE });
  assertUntouched(t, split, r2.output);
  t.equal(spans(split).length, spans(HELM4).length + 1);
});

t.test('the injector ConfigMap inside a v1 List is patched; other ConfigMaps with a config key are not', async (t) => {
  const cm = HELM4.split('---\n')[1] as string;
  const items = cm.replace(/^(?=.)/gm, '  ').replace(/^ {2}apiVersion/, '- apiVersion');
  const list = `apiVersion: v1\nkind: List\nitems:\n${items}- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: other}\n  data: {config: "template: x"}\n`;
  const r = postRender(list, { includeIPRanges: INCLUDE });
  t.equal(r.patched, 1);
  assertOnlyValuesChanged(t, list, r.output, [['"*"', `"${INCLUDE}"`]]);
  t.equal(parseDocument(r.output).getIn(['items', 1, 'data', 'config']), 'template: x');
});

t.test('quoted data.config and quoted template styles are re-encoded in their own style', async (t) => {
  const cm = parseDocument(HELM3.split('---\n')[2] as string);
  const config = cm.getIn(['data', 'config']) as string;
  for (const type of ['QUOTE_DOUBLE', 'BLOCK_FOLDED'] as const) {
    const node = new Scalar(config);
    node.type = type;
    cm.setIn(['data', 'config'], node);
    const text = `# Source: other.yaml\nkind: Secret\n---\n${cm.toString({ lineWidth: 0 })}`;
    const r = postRender(text, { includeIPRanges: INCLUDE, excludeIPRanges: EXCLUDE });
    t.equal(r.patched, 1, type);
    assertUntouched(t, text, r.output);
    const out = parseAllDocuments(r.output)[1]?.getIn(['data', 'config'], true) as Scalar;
    t.equal(out.type, type, `${type} kept`);
    t.equal(V08_INCLUDE.exec(injectorTemplate(r.output))?.[1], INCLUDE);
    t.equal(V08_EXCLUDE.exec(injectorTemplate(r.output))?.[1], EXCLUDE);
    t.equal(injectorTemplate(r.output), injectorTemplate(postRender(HELM3, { includeIPRanges: INCLUDE, excludeIPRanges: EXCLUDE }).output));
  }
  // the template as a double-quoted scalar inside a block-literal data.config
  const inner = parseDocument(config);
  const tpl = new Scalar(inner.get('template'));
  tpl.type = 'QUOTE_DOUBLE';
  inner.set('template', tpl);
  const innerText = inner.toString({ lineWidth: 0 }).replace(/\n$/, '');
  const doc = `kind: ConfigMap\nmetadata:\n  name: istio-sidecar-injector\ndata:\n  config: |-\n${innerText.replace(/^/gm, '    ')}\n`;
  const r = postRender(doc, { includeIPRanges: INCLUDE });
  t.equal(r.patched, 1);
  t.equal(V08_INCLUDE.exec(injectorTemplate(r.output))?.[1], INCLUDE);
  t.equal(r.output.split('\n').slice(0, 6).join('\n'), doc.split('\n').slice(0, 6).join('\n'), 'the lines before the template unchanged');
  const outTemplate = parseDocument(parseDocument(r.output).getIn(['data', 'config']) as string).get('template', true) as Scalar;
  t.equal(outTemplate.type, 'QUOTE_DOUBLE', 'the template stays double-quoted');

  // a one-line single-quoted template, and a folded template, re-encoded by the CST writer in their own style
  const oneLine = "- \"[[ annotation .ObjectMeta `traffic.sidecar.istio.io/includeOutboundIPRanges` \"*\" ]]\"";
  for (const [style, tplText] of [
    ['QUOTE_SINGLE', `'${oneLine}'`],
    ['BLOCK_FOLDED', `>-\n      ${oneLine}\n\n      # more`],
    ['BLOCK_LITERAL', `|-\n      ${oneLine}`],
  ] as const) {
    for (const eol of ['\n', '\r\n']) {
    const cmText = `kind: ConfigMap\nmetadata: {name: istio-sidecar-injector}\ndata:\n  config: |-\n    policy: enabled\n    template: ${tplText}`.replace(/\n/g, eol);
    const before = parseDocument(parseDocument(cmText).getIn(['data', 'config']) as string).get('template', true) as Scalar;
    t.equal(before.type, style);
    const out = postRender(cmText, { includeIPRanges: '10.0.0.0/8' }).output;
    const after = parseDocument(parseDocument(out).getIn(['data', 'config']) as string).get('template', true) as Scalar;
    t.equal(after.type, style, `${style} kept`);
    t.equal(after.value, String(before.value).replace('"*"', '"10.0.0.0/8"'));
    t.notMatch(out, eol === '\n' ? /\r/ : /[^\r]\n/, `${style}: line ends stay ${JSON.stringify(eol)}`);
    }
  }
});

t.test('a stream without the injector ConfigMap passes through with a warning, or fails with strict', async (t) => {
  const other = HELM3.split('---\n').filter((d) => !d.includes(INJECTOR_CONFIGMAP)).join('---\n');
  const r = postRender(other, { includeIPRanges: INCLUDE });
  t.equal(r.output, other, 'byte-identical');
  t.equal(r.patched, 0);
  t.equal(r.warnings.length, 1);
  t.equal(r.warnings[0]?.code, 'W_NO_INJECTOR');
  t.throws(() => postRender(other, { includeIPRanges: INCLUDE, strict: true, source: 'chart.yaml' }), {
    code: 'E_STREAM',
    place: { file: 'chart.yaml' },
    message: /no ConfigMap named istio-sidecar-injector$/,
  });
  const empty = postRender('', { includeIPRanges: INCLUDE });
  t.equal(empty.output, '');
  t.equal(empty.warnings.length, 1);
});

t.test('a stream that is not YAML is an E_STREAM error naming the document and line', async (t) => {
  const bad = `${HELM4}---\nkind: Broken\nmetadata: {name: [unclosed\n`;
  const line = HELM4.split('\n').length + 1;
  const e = t.throws(() => postRender(bad, { includeIPRanges: INCLUDE })) as RenderInjectorError;
  t.ok(e instanceof RenderInjectorError);
  t.equal(e.code, 'E_STREAM');
  t.match(e.message, /^document 6 of the stream is not YAML: /);
  t.equal(e.place.file, '-');
  t.ok(e.place.line !== undefined && e.place.line >= line, `line ${e.place.line} is in the broken document`);
  t.notMatch(e.toLine(), /\n/);
  t.throws(() => postRender('a: 1\n\tb: 2\n', { includeIPRanges: '*' }), { code: 'E_STREAM', place: { line: 2 } });
});

t.test('hostile or malformed range values are refused before anything is written', async (t) => {
  const bad: Array<[string, string]> = [
    ['10.0.0.0/8"', 'E_CIDR'],
    ['10.0.0.0/8\n- "-x"', 'E_CIDR'],
    ['[[ .ProxyConfig.ZipkinAddress ]]', 'E_CIDR'],
    ['10.0.0.0/8 ', 'E_CIDR'],
    [' 10.0.0.0/8', 'E_CIDR'],
    ['10.0.0.0/8, 172.16.0.0/12', 'E_CIDR'],
    ["10.0.0.0/8'", 'E_CIDR'],
    ['`10.0.0.0/8`', 'E_CIDR'],
    ['010.0.0.0/8', 'E_CIDR'],
    ['10.0.0.1/8', 'E_CIDR'],
    ['10.0.0.0/33', 'E_CIDR'],
    ['10.0.0.0/08', 'E_CIDR'],
    ['10.0.0.0', 'E_CIDR'],
    ['10.0.0/8', 'E_CIDR'],
    ['256.0.0.0/8', 'E_CIDR'],
    ['FD00::/8', 'E_CIDR'],
    ['fd00:0::/8', 'E_CIDR'],
    ['fd00::1::/8', 'E_CIDR'],
    ['1:2:3:4:5:6:7:8:9/128', 'E_CIDR'],
    ['2001:db8:0:0:1:0:0:1/128', 'E_CIDR'],
    ['2001:db8::0:1/128', 'E_CIDR'],
    ['fd00::1/8', 'E_CIDR'],
    ['fd00::/129', 'E_CIDR'],
    ['*,10.0.0.0/8', 'E_RANGE_LIST'],
    ['10.0.0.0/8,,172.16.0.0/12', 'E_RANGE_LIST'],
    ['10.0.0.0/8,', 'E_RANGE_LIST'],
  ];
  for (const [value, code] of bad) {
    t.throws(() => postRender(HELM3, { includeIPRanges: value }), { code, place: { path: 'includeIPRanges' } }, JSON.stringify(value));
    t.throws(() => postRender(HELM3, { includeIPRanges: '*', excludeIPRanges: value }), { code, place: { path: 'excludeIPRanges' } });
  }
  t.throws(() => postRender(HELM3, { includeIPRanges: 10 as unknown as string }), { code: 'E_RANGE_LIST' });
  for (const good of ['*', '', '0.0.0.0/0', '::/0', '2001:db8::1:0:0:1/128', '1:2:3:4:5:6:7:8/128', 'fe80::/10,10.0.0.0/8', '2001:db8:0:1::/64']) {
    const r = postRender(HELM4, { includeIPRanges: good });
    t.equal(V10_INCLUDE.exec(injectorTemplate(r.output))?.[1], good, JSON.stringify(good));
  }
});

t.test('an injector ConfigMap the post-renderer cannot read is an E_STREAM error', async (t) => {
  const cm = HELM4.split('---\n')[1] as string;
  const cases: Array<[string, string, RegExp]> = [
    ['no range argument', cm.replace(/includeOutboundIPRanges/g, 'somethingElse'), /document 2 \(data\.config\): .*no recognisable traffic\.sidecar\.istio\.io\/includeOutboundIPRanges default/],
    ['no data.config', cm.replace('  config: |-', '  other: |-'), /document 2: ConfigMap istio-sidecar-injector has no string data\.config/],
    ['no data', cm.replace(/^data:[\s\S]*$/m, ''), /document 2: ConfigMap istio-sidecar-injector has no string data\.config/],
    ['config not YAML', cm.replace('    policy: enabled', '    policy: [enabled'), /document 2 \(data\.config\): the injector config is not YAML/],
    ['config without template', cm.replace('    template: |-', '    templates: |-'), /has no string "template"/],
    ['config is a list', cm.replace(/ {2}config: \|-[\s\S]*$/, '  config: "- a"\n'), /has no string "template"/],
  ];
  for (const [name, doc, message] of cases) {
    t.throws(() => postRender(`kind: Service\n---\n${doc}`, { includeIPRanges: INCLUDE }), { code: 'E_STREAM', message }, name);
  }
  const noExclude = cm.replace(/excludeOutboundIPRanges/g, 'somethingElse');
  t.equal(postRender(noExclude, { includeIPRanges: INCLUDE }).patched, 1, 'exclude not asked for: fine');
  t.throws(() => postRender(noExclude, { includeIPRanges: INCLUDE, excludeIPRanges: '' }), {
    code: 'E_STREAM',
    message: /excludeOutboundIPRanges/,
  });
});

t.test('a 0.8 branch that does not end in the expected else arm is not mistaken for the range argument', async (t) => {
  const base = HELM3.split('---\n')[2] as string;
  // an isset branch without else, then one whose else arm is not a quoted item: neither counts
  const odd = base
    .replace('        [[ else -]]\n        - "*"\n', '        [[ end -]]\n        [[ if true -]]\n        - "*"\n')
    .replace('        - ""\n        [[ end -]]\n        - "-b"', '        - [[ .X ]]\n        [[ end -]]\n        - "-b"');
  t.throws(() => postRender(odd, { includeIPRanges: INCLUDE }), { code: 'E_STREAM', message: /includeOutboundIPRanges/ });
  t.throws(() => postRender(odd.replace(/"traffic\.sidecar\.istio\.io\/includeOutboundIPRanges"\) -\]\]/, 'x -]]'), { includeIPRanges: INCLUDE }), {
    code: 'E_STREAM',
  });
  t.throws(
    () => postRender(base.replace('- "*"', "- '*'").replace(/excludeOutboundIPRanges/g, 'y'), { includeIPRanges: INCLUDE, excludeIPRanges: '' }),
    { code: 'E_STREAM', message: /excludeOutboundIPRanges/ },
    'a single-quoted include is found but the missing exclude still fails',
  );
  const oddExclude = base.replace('        - ""\n        [[ end -]]\n        - "-b"', '        - [[ .X ]]\n        [[ end -]]\n        - "-b"');
  t.not(oddExclude, base);
  t.throws(() => postRender(oddExclude, { includeIPRanges: INCLUDE, excludeIPRanges: '' }), { code: 'E_STREAM', message: /excludeOutboundIPRanges/ }, 'an else arm that is not a quoted item');
  const dangling = 'kind: ConfigMap\nmetadata: {name: istio-sidecar-injector}\ndata:\n  config: |\n    template: |\n      [[ if (isset .ObjectMeta.Annotations "traffic.sidecar.istio.io/includeOutboundIPRanges") -]]\n';
  t.throws(() => postRender(dangling, { includeIPRanges: INCLUDE }), { code: 'E_STREAM' }, 'an isset branch that never closes');
  const single = postRender(base.replace('- "*"', "- '*'"), { includeIPRanges: INCLUDE });
  t.ok(single.output.includes(`- '${INCLUDE}'`), 'a single-quoted item stays single-quoted');
  const raw = postRender(HELM4.replace('`traffic.sidecar.istio.io/includeOutboundIPRanges`  "*"', '"traffic.sidecar.istio.io/includeOutboundIPRanges" `*`'), {
    includeIPRanges: INCLUDE,
  });
  t.ok(raw.output.includes(`"traffic.sidecar.istio.io/includeOutboundIPRanges" \`${INCLUDE}\``), 'a raw Go string stays raw');
});
