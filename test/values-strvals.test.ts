import t from 'tap';
import { MAX_SET_DEPTH, applySetAssignments, parseSetExpressions, type SetMode } from '../lib/values/index.js';
import { caught } from './helpers/caught.js';

/** Parses and applies expressions to an empty tree, as one `--set` (or `--set-string`) flag each. */
const run = (exprs: string[], mode: SetMode = 'set', base: Record<string, unknown> = {}) =>
  applySetAssignments(base, parseSetExpressions(exprs, mode));


t.test('nested keys, several assignments per expression', async (t) => {
  t.same(run(['global.proxy.policy=disabled,global.tag=0.8.0']), { global: { proxy: { policy: 'disabled' }, tag: '0.8.0' } });
  t.same(run(['a.b=1', 'a.c=2']), { a: { b: 1, c: 2 } });
  t.same(run(['']), {});
  t.same(run(['a=1,']), { a: 1 }, 'a trailing comma ends the expression');
});

t.test('a backslash escapes the next character: \\, keeps one value, \\. keeps one key, \\\\ is a backslash', async (t) => {
  const a = parseSetExpressions(['global.proxy.includeIPRanges=10.4.0.0/14\\,10.7.240.0/20'], 'set');
  t.equal(a.length, 1);
  t.same(a[0]!.path, ['global', 'proxy', 'includeIPRanges']);
  t.equal(a[0]!.value, '10.4.0.0/14,10.7.240.0/20');
  t.equal(a[0]!.text, 'global.proxy.includeIPRanges=10.4.0.0/14\\,10.7.240.0/20');
  t.equal(a[0]!.option, '--set');
  t.same(run(['labels.sidecar\\.istio\\.io/inject=false']), { labels: { 'sidecar.istio.io/inject': false } });
  t.same(run(['a=c:\\\\dir\\=x']), { a: 'c:\\dir=x' });
  t.same(run(['l={a\\,b,c\\}}']), { l: ['a,b', 'c}'] });
});

t.test('{a,b} is a list; lists are typed item by item; "{" inside a value is text', async (t) => {
  t.same(run(['global.proxy.includeInboundPorts={80,8080,web}']), { global: { proxy: { includeInboundPorts: [80, 8080, 'web'] } } });
  t.same(run(['l={80,true}'], 'set-string'), { l: ['80', 'true'] });
  t.same(run(['l={a},m=1']), { l: ['a'], m: 1 });
  t.same(run(['l={}']), { l: [''] }, 'as in Helm, {} is a list holding one empty string');
  t.same(run(['a=x{y}']), { a: 'x{y}' });
});

t.test('index syntax sets list items, growing the list with nulls', async (t) => {
  t.same(run(['ports[0]=80,ports[2]=443']), { ports: [80, null, 443] });
  t.same(run(['c[0].name=proxy,c[0].image=proxyv2,c[1].name=init']), { c: [{ name: 'proxy', image: 'proxyv2' }, { name: 'init' }] });
  t.same(run(['m[1][0]=x']), { m: [null, ['x']] });
  t.same(run(['l[1]=b'], 'set', { l: ['a', 'z', 'c'] }), { l: ['a', 'b', 'c'] }, 'an index changes an existing list in place');
  t.same(run(['l[0]=x'], 'set', { l: 'was a string' }), { l: ['x'] });
  t.same(run(['a.b=1'], 'set', { a: 'was a string' }), { a: { b: 1 } }, 'the later value wins over a scalar');
});

t.test('typing under --set: true/false/null in any case and plain integers; leading zeros stay text', async (t) => {
  t.same(
    run(['t=true,T=TRUE,f=False,n=null,N=Null,z=0,i=15001,neg=-5,plus=+7,lz=007,fl=1.5,hex=0x1F,big=9223372036854775807,e=']),
    { t: true, T: true, f: false, n: null, N: null, z: 0, i: 15001, neg: -5, plus: 7, lz: '007', fl: '1.5', hex: '0x1F', big: '9223372036854775807', e: '' },
  );
  t.same(run(['s=tr\\ue']), { s: true }, 'escapes are removed before typing');
});

t.test('--set-string keeps everything as text', async (t) => {
  const a = parseSetExpressions(['t=true,n=null,i=15001,e='], 'set-string');
  t.same(applySetAssignments({}, a), { t: 'true', n: 'null', i: '15001', e: '' });
  t.equal(a[0]!.option, '--set-string');
  t.equal(parseSetExpressions(['a=1'], 'set', '--values-set')[0]!.option, '--values-set');
});

t.test('later wins: within one expression and across expressions', async (t) => {
  t.same(run(['a=1,a=2']), { a: 2 });
  t.same(run(['a.b=1', 'a={x,y}']), { a: ['x', 'y'] });
  t.same(run(['a={x,y}', 'a=z']), { a: 'z' });
});

t.test('the input tree is never changed', async (t) => {
  const base = { a: { b: [1, 2] } };
  const out = run(['a.b[0]=9,a.c=1'], 'set', base);
  t.same(base, { a: { b: [1, 2] } });
  t.same(out, { a: { b: [9, 2], c: 1 } });
});

t.test('malformed expressions are E_SET naming the expression and the character', async (t) => {
  const cases: [string, RegExp, number][] = [
    ['global.proxy.includeIPRanges', /key "global\.proxy\.includeIPRanges" has no value/, 29],
    ['a,b=1', /key "a" has no value/, 2],
    ['a=1,,b=2', /an empty assignment/, 5],
    ['=1', /the key is empty/, 1],
    ['a..b=1', /an empty key segment after "a"/, 3],
    ['a[x]=1', /the index "x" of "a" is not a whole number/, 3],
    ['a[-1]=1', /the index "-1"/, 3],
    ['a[1=2', /the index of "a" has no closing "\]"/, 2],
    ['a[0]b=1', /expected "=", "\." or "\[" after the index of "a\[0\]"/, 5],
    ['a[70000]=1', /larger than 65536/, 3],
    ['l={a,b', /the list has no closing "}"/, 3],
    ['l={a}b', /expected "," or the end after "}"/, 6],
    ['a=b\\', /a lone backslash ends the expression/, 4],
  ];
  for (const [expr, problem, at] of cases) {
    const e = caught(() => parseSetExpressions(['ok=1', expr], 'set'));
    t.equal(e.code, 'E_SET', expr);
    t.match(e.message, problem, expr);
    t.ok(e.message.startsWith(`malformed expression "${expr}": `), expr);
    t.ok(e.message.endsWith(`at character ${at}`), `${expr}: ${e.message}`);
    t.equal(e.place.file, '--set');
    t.ok(e.hint);
  }
  // As in Helm: at most 30 dots, so 31 key segments.
  const deep = Array.from({ length: MAX_SET_DEPTH + 2 }, (_, i) => `k${i}`).join('.');
  t.match(caught(() => parseSetExpressions([`${deep}=1`], 'set')).message, /nests deeper than 30 levels/);
  t.same(Object.keys(run([`${Array.from({ length: MAX_SET_DEPTH + 1 }, (_, i) => `k${i}`).join('.')}=1`])), ['k0']);
  // Runs of indexes count too: 3000 of them would exhaust the stack when the value is set.
  t.match(caught(() => parseSetExpressions([`a${'[0]'.repeat(3000)}=1`], 'set')).message, /nests deeper than 60 names and indexes/);
  t.same(run([`a${'[0]'.repeat(3)}=1`]), { a: [[[1]]] });
});

t.test('__proto__, constructor and prototype segments are E_UNSAFE_KEY and never reach Object.prototype', async (t) => {
  for (const expr of ['__proto__.polluted=yes', 'a.constructor.prototype.polluted=1', 'l[0].__proto__.polluted=1', 'prototype=1', 'a\\_\\_proto\\_\\_.polluted=1'.replace('a', '')]) {
    const e = caught(() => run([expr]));
    t.equal(e.code, 'E_UNSAFE_KEY', expr);
    t.equal(e.place.file, '--set');
    t.ok(e.place.path);
  }
  t.equal(caught(() => run(['x.__proto__.polluted=1'], 'set-string')).place.file, '--set-string');
  t.equal(({} as { polluted?: unknown }).polluted, undefined);
  t.equal((Object.prototype as { polluted?: unknown }).polluted, undefined);
});

t.test('a key ending in "." before a comma has no value', async (t) => {
  t.match(caught(() => parseSetExpressions(['a.,b=1'], 'set')).message, /key "a" has no value .* at character 3$/);
});
