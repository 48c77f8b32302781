// The fast reader of plain YAML values files (lib/values/fast-yaml.ts) must give exactly what the full reader (the
// yaml package, parseFullYaml) gives — values with their key order, every key's place, duplicate-key warnings,
// refused keys — for every file it reads, and decline every other file. Checked on hand-written cases, on seeded
// random files written in the subset (which it must read), and on seeded mutations of them (read or declined).
import t from 'tap';
import { isDeepStrictEqual } from 'node:util';
import { parseFastYaml } from '../lib/values/fast-yaml.js';
import { parseFullYaml, parseValuesYaml } from '../lib/values/parse-yaml.js';
import { RenderInjectorError } from '../lib/errors.js';
import { setOwn } from '../lib/values/paths.js';

type Outcome = { values: string; locations: [string, unknown][]; warnings: unknown } | { error: string } | undefined;

function outcome(read: (text: string, file: string) => ReturnType<typeof parseFullYaml> | undefined, text: string): Outcome {
  try {
    const r = read(text, 'values.yaml');
    // JSON keeps the key order; -0 and NaN cannot occur in what the fast reader accepts.
    return r && { values: JSON.stringify(r.values), locations: [...r.locations], warnings: r.warnings };
  } catch (e) {
    if (!(e instanceof RenderInjectorError)) throw e;
    return { error: `${e.code} ${e.message} ${JSON.stringify(e.place)} ${e.hint}` };
  }
}

/** 'read' when the fast reader read it (and then it equals the full reader), else 'declined'. */
function compare(text: string): 'read' | 'declined' | 'differs' {
  const fast = outcome(parseFastYaml, text);
  if (fast === undefined) return 'declined';
  return isDeepStrictEqual(fast, outcome(parseFullYaml, text)) ? 'read' : 'differs';
}

t.test('hand-written files in the subset are read, the same as the full reader reads them', async (t) => {
  const read = [
    'a: 1\nb: two\n',
    'global:\n  proxy:\n    includeIPRanges: 10.0.0.0/8\n    excludeIPRanges: ""\n',
    'a:\n  b: 1\n  c: [1, 2]\n',
    'a:\n- x\n- y\nb: 1\n',
    'a:\n  - x\n  -  y\n',
    'a: 1\na: 2\n',
    'a:\n  b: 1\na:\n  b: 2\n  b: 3\n',
    'l:\n- a: 1\n  b: 2\n- c: 3\n',
    'l:\n-\n  a: 1\n-\n  - z\n',
    'l:\n  - [1, 2]\n  - [3]\nl:\n  - x\n',
    'a: "x y" # c\nb: \'q\'\n',
    'a: yes\nb: off\nc: ~\nd: null\ne:\nf: Y\ng: NO\n',
    'a: 1.0\nb: 0\nc: 12:30\nd: 10.0.0.0/8\ne: 0.8.latest\nf: 100m\n',
    '"q k": 1\n\'s\': 2\n"": 3\n',
    'a: []\nb: {}\nc: [ a , "b" ]\nd: { }\n',
    'a: #c\nb: b#c\nc: -x\nd: x:y\n',
    'key: value with spaces  \n',
    'a:\n  - b: 1\n    c:\n      - d\n  - e\n',
    'toString: 1\nvalueOf: [1]\na:\n  toString: x\n  toString: y\n',
    'a.b: 1\na/b-c_d: 1\n',
    // the dotted key's place is dropped with a's first value; its repeat is placed by the read by key
    'a.b: 1\na:\n  b: 1\na:\n  c: 1\na.b: 2\n',
    'a:\n\n  # c\n  b: 1\n',
    'a: 1\n  # deeper comment\nb: 2\n',
    'global: null\nsidecarInjectorWebhook: ~\n',
    '__proto__: 1\n',
    'a:\n  b:\n    constructor: x\n',
    'l:\n- prototype: 1\n',
  ];
  for (const text of read) t.equal(compare(text), 'read', JSON.stringify(text));
});

t.test('everything else is declined, for the full reader to read or refuse', async (t) => {
  const declined = [
    '',
    '# only a comment\n',
    '- a\n',
    '  a: 1\n',
    'a: x\n---\nb: 1\n',
    '---\na: 1\n',
    '%YAML 1.1\n---\na: 1\n',
    'a: 1\n...\n',
    'a: &x 1\nb: *x\n',
    'a: !!str 1\n',
    '<<: {a: 1}\n',
    'a: |\n  text\n',
    'a: >\n  text\n',
    'a: "x\\n"\n',
    "a: 'it''s'\n",
    'a: "open\n',
    'a: "x" y\n',
    'a: b: c\n',
    'a: b:\n',
    'a: foo\n  bar\n',
    'a:\n  b: 1\n c: 2\n',
    'a: x\n- b\n',
    'l:\n- x\n  y: 1\n',
    'a: [a,]\n',
    'a: [1, [2]]\n',
    'a: [x: 1]\n',
    'a: [-]\n',
    'a: [1\n',
    'a: [1] x\n',
    'a: {b: 1}\n',
    'a: -\n',
    'a: ?x\n',
    'a: .5\n',
    'a: 010\n',
    'a: 0x1F\n',
    'a: 1e3\n',
    'a: +1\n',
    'a: 1_000\n',
    'a: -1\n',
    'a: 1234567890123456\n',
    'a: .inf\n',
    'y: 1\n',
    '1: a\n',
    'null: a\n',
    'c d: 1\n',
    'a :1\n',
    'l:\n-\n',
    'l:\n- \n- x\n',
    'l:\n- - x\n',
    'l:\n- # c\n',
    '\tb: 1\n',
    'a: 1\r\n',
    '\ufeffa: 1\n',
    'é: 1\n',
    `${'k'.repeat(1001)}: 1\n`,
    '"a\\b": 1\n',
    '"a: 1\n"b": 2\n',
    'l:\n- "a\\b": 1\n',
    `${'a:\n'.split('').join('')}${Array.from({ length: 120 }, (_, i) => `${' '.repeat(2 * (i + 1))}a:`).join('\n')}\n`,
    `l:\n${Array.from({ length: 120 }, (_, i) => `${' '.repeat(2 * i)}- a:`).join('\n')}\n`,
  ];
  for (const text of declined) t.equal(compare(text), 'declined', JSON.stringify(text.slice(0, 80)));
});

t.test('a refused key is reported as the full reader reports it, and only for a file the full reader reads', async (t) => {
  const fast = outcome(parseFastYaml, 'a: 1\nb:\n  __proto__: x\nconstructor: 2\n');
  t.match(fast, { error: /^E_UNSAFE_KEY refused key "__proto__" \{"file":"values.yaml","line":3,"col":3,"path":"b.__proto__"\}/ });
  // Later in the file, something the full reader must judge: its syntax error, not the key, is what is reported.
  t.equal(outcome(parseFastYaml, '__proto__: 1\nb: [\n'), undefined);
  t.match(outcome(parseValuesYaml, '__proto__: 1\nb: [\n'), { error: /^E_YAML/ });
});

/** A seeded generator (deterministic runs). */
function random(seed: number) {
  let s = seed;
  const next = () => {
    s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]! };
}

const KEYS = ['a', 'b', 'c', 'global', 'proxy', 'toString', 'a.b', 'k-1', 'x_y', '"q k"', "'s'", '"1"', 'on1'];
const SCALARS = ['1', '0', '42', '0.8', '1.0', 'x', 'yes', 'no', 'On', '~', 'null', '"s"', "'t'", '""', '10.0.0.0/8', '0.8.latest', '100m', 'a b', 'x:y', 'b#c', '-x', '12:30', '[]', '{}', '[1, x]', '[ a , "b" ]'];

/** A random values file in the subset, in the styles it reads: nested maps, lists (indented or not, compact maps, `-` alone), comments, duplicates. */
function subsetFile(rnd: ReturnType<typeof random>): string {
  const lines: string[] = [];
  const value = (indent: number, depth: number, inSeq: boolean): void => {
    const r = rnd.next();
    if (depth > 3 || r < 0.5) {
      lines[lines.length - 1] += ` ${rnd.pick(SCALARS)}${rnd.next() < 0.1 ? ' # note' : ''}`;
    } else if (r < 0.75) {
      map(indent + 2, depth + 1);
    } else if (r < 0.85) {
      lines[lines.length - 1] += rnd.next() < 0.3 ? ' # list' : '';
      seq(inSeq ? indent + 2 : rnd.pick([indent, indent + 2]), depth + 1);
    } else if (r < 0.95) {
      lines[lines.length - 1] += rnd.next() < 0.5 ? '' : ' ~';
    } else {
      lines[lines.length - 1] += ' # nothing';
    }
  };
  const map = (indent: number, depth: number, first?: string): void => {
    const n = 1 + Math.floor(rnd.next() * 4);
    for (let i = 0; i < n; i++) {
      if (rnd.next() < 0.1) lines.push(rnd.pick(['', `${' '.repeat(rnd.pick([0, indent, indent + 4]))}# comment`]));
      lines.push(`${i === 0 && first !== undefined ? first : ' '.repeat(indent)}${rnd.pick(KEYS)}:`);
      value(indent, depth, false);
    }
  };
  const seq = (indent: number, depth: number): void => {
    const n = 1 + Math.floor(rnd.next() * 3);
    for (let i = 0; i < n; i++) {
      const r = rnd.next();
      const dash = `${' '.repeat(indent)}-${rnd.pick([' ', ' ', '   '])}`;
      if (r < 0.5 || depth > 3) lines.push(`${dash}${rnd.pick(SCALARS)}`);
      else if (r < 0.8) map(dash.length, depth + 1, dash);
      else {
        lines.push(`${' '.repeat(indent)}-`);
        if (rnd.next() < 0.7) map(indent + 2, depth + 1);
        else seq(indent + 2, depth + 1);
      }
    }
  };
  map(0, 0);
  return `${lines.join('\n')}\n`;
}

t.test('seeded random files in the subset are all read, the same as the full reader reads them', async (t) => {
  const rnd = random(12);
  let differs = 0;
  for (let i = 0; i < 3000; i++) {
    const text = subsetFile(rnd);
    const r = compare(text);
    if (r !== 'read' && differs++ < 5) t.fail(`${r}: ${JSON.stringify(text)}`);
  }
  t.equal(differs, 0);
});

t.test('seeded mutations of them are read the same or declined, never read differently', async (t) => {
  const rnd = random(34);
  const edits = [' ', '  ', '-', ':', '#', '"', "'", '[', ']', ',', '&a', '*a', '!', '|', '\n', '\t', '---\n', ' - ', ': ', '__proto__', '<<'];
  const counts = { read: 0, declined: 0, differs: 0 };
  for (let i = 0; i < 4000; i++) {
    let text = subsetFile(rnd);
    for (let k = 0; k < 1 + Math.floor(rnd.next() * 2); k++) {
      const at = Math.floor(rnd.next() * text.length);
      const cut = rnd.next() < 0.5 ? Math.floor(rnd.next() * 3) : 0;
      text = text.slice(0, at) + (rnd.next() < 0.3 ? '' : rnd.pick(edits)) + text.slice(at + cut);
    }
    const r = compare(text);
    counts[r]++;
    if (r === 'differs' && counts.differs <= 5) t.fail(`differs: ${JSON.stringify(text)}`);
  }
  t.equal(counts.differs, 0);
  t.ok(counts.read > 400 && counts.declined > 400, `both outcomes occur: ${JSON.stringify(counts)}`);
});

t.test('the benchmark shapes (many keys; a long list and repeated keys) are read, the same as the full reader reads them', async (t) => {
  const many = ['global:', '  proxy:', '    includeIPRanges: 10.0.0.0/8', 'extra:', ...Array.from({ length: 2000 }, (_, i) => `  key${i}: v${i}`)];
  const repeated = ['list:', ...Array.from({ length: 2000 }, (_, i) => `  - item${i}`), 'dup:'];
  for (let round = 0; round < 2; round++) for (let i = 0; i < 200; i++) repeated.push(`  k${i}: [${round}, ${i}]`);
  t.equal(compare(`${many.join('\n')}\n`), 'read');
  t.equal(compare(`${repeated.join('\n')}\n`), 'read');
  t.equal(parseValuesYaml(`${repeated.join('\n')}\n`, 'v.yaml').warnings.length, 200);
});

t.test('setOwn sets an own property, also for a key Object.prototype has', async (t) => {
  const o: Record<string, unknown> = {};
  setOwn(o, 'toString', 'x');
  setOwn(o, '__proto__', 'y');
  setOwn(o, 'plain', 'z');
  t.same(Object.keys(o), ['toString', '__proto__', 'plain']);
  t.equal(Object.getPrototypeOf(o), Object.prototype);
  t.equal(o.toString, 'x');
});
