// CLI cold start for the main job (`render-injector --provider minikube`, the ConfigMap on stdout) against a
// bare `node -e 0`, both measured here, in alternation, as whole processes. Prints the medians and the ratio.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = join(dirname(fileURLToPath(import.meta.url)), '../dist/lib/cli/bin.js');
const RUNS = 25;

function time(args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return { ms, out: r.stdout };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

export default async function run() {
  const cases = [
    ['node -e 0', ['-e', '0']],
    ['render-injector --version', [bin, '--version']],
    ['render-injector --provider minikube', [bin, '--provider', 'minikube']],
    ['render-injector iptables --provider minikube', [bin, 'iptables', '--provider', 'minikube']],
  ];
  const samples = new Map(cases.map(([name]) => [name, []]));
  time(['-e', '0']); // warm the file cache
  for (let i = 0; i < RUNS; i++) {
    for (const [name, args] of cases) samples.get(name).push(time(args).ms);
  }
  const base = median(samples.get('node -e 0'));
  for (const [name] of cases) {
    const m = median(samples.get(name));
    console.log(`${name.padEnd(46)} median ${m.toFixed(1).padStart(7)} ms over ${RUNS} runs   ${(m / base).toFixed(2)}x node -e 0`);
  }
}
