// What the benchmarks share: whole-process timing with peak RSS, medians, and one row format, so that every
// row reads "ours against its anchor, measured in the same run": `npm run bench` prints each measure as a ratio
// to a tool timed alongside it (bare Node, `cat`, iprange, cidr-tools, `kubectl kustomize`), never to a number
// remembered from another machine or another day.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

/** `npm run bench -- quick`: smaller inputs and fewer runs, the whole bench in under a minute. */
export const quick = process.env.RENDER_INJECTOR_BENCH_QUICK === '1';

/** The median of a list of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * Runs `cmd args` as a whole process under /usr/bin/time: stdin from the file `stdin` (else nothing), stdout to
 * the file `stdout` (else collected and returned). Returns the wall time in ms (measured here, with
 * process.hrtime, around the whole run), the child's peak RSS in MB (from time's %M), and the result.
 * Throws when the command fails, unless `allowFail`.
 */
export function runProcess(cmd, args, { stdin, stdout, env, timeoutSeconds, allowFail = false } = {}) {
  const inFd = stdin ? openSync(stdin, 'r') : 'ignore';
  const outFd = stdout ? openSync(stdout, 'w') : 'pipe';
  try {
    const argv = ['-f', '%M', ...(timeoutSeconds ? ['timeout', String(timeoutSeconds)] : []), cmd, ...args];
    const t0 = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', argv, {
      stdio: [inFd, outFd, 'pipe'],
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      ...(env ? { env } : {}),
    });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const lines = r.stderr.trimEnd().split('\n');
    const rssMB = Number(lines.pop()) / 1024;
    const stderr = lines.join('\n');
    if (r.status !== 0 && !allowFail) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${stderr.slice(-2000)}`);
    return { ms, rssMB, status: r.status, stdout: r.stdout ?? '', stderr };
  } finally {
    if (typeof inFd === 'number') closeSync(inFd);
    if (typeof outFd === 'number') closeSync(outFd);
  }
}

/**
 * Times each case `runs` times, taking turns (a, b, c, a, b, c, ...) so that a burst of load from other work on
 * the shared machine falls on every side alike. Each case is `{ name, run }` where `run()` returns
 * `{ ms, rssMB }`. Returns, per case, the median wall time and the largest peak RSS.
 */
export function interleave(cases, runs) {
  const samples = cases.map(() => ({ ms: [], rssMB: 0 }));
  for (let i = 0; i < runs; i++) {
    for (const [k, c] of cases.entries()) {
      const r = c.run();
      samples[k].ms.push(r.ms);
      samples[k].rssMB = Math.max(samples[k].rssMB, r.rssMB);
    }
  }
  return cases.map((c, k) => ({ name: c.name, ms: median(samples[k].ms), rssMB: samples[k].rssMB, runs }));
}

const fmtTime = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);

/**
 * Prints one row: ours against its anchor, as times, the ratio, and peak RSS of both; `goal` is the ratio the
 * issue sets (printed with whether this run met it).
 */
export function row(label, ours, anchor, { goal } = {}) {
  const ratio = ours.ms / anchor.ms;
  const verdict = goal === undefined ? '' : `  goal <= ${goal}x: ${ratio <= goal ? 'met' : 'NOT met'}`;
  console.log(
    `${label.padEnd(44)} ${fmtTime(ours.ms).padStart(9)} vs ${anchor.name} ${fmtTime(anchor.ms)}  = ${ratio.toFixed(2)}x` +
      `   peak RSS ${ours.rssMB.toFixed(0)} MB vs ${anchor.rssMB.toFixed(0)} MB${verdict}`,
  );
  return ratio;
}
