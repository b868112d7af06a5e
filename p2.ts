import { performance } from 'node:perf_hooks';
import { Ledger } from './src/core/ledger';
import { silentLogger } from './src/core/ports';
(async () => {
  const P: any = Ledger.prototype;
  const times: Record<string, number[]> = {};
  for (const m of ['migrate', 'readCheckpoint', 'catchUp', 'loadRecent', 'indexSegment']) {
    const orig = P[m];
    P[m] = function (...a: any[]) { const t = performance.now(); const r = orig.apply(this, a); if (r && r.then) return r.finally(() => (times[m] ??= []).push(performance.now() - t)); (times[m] ??= []).push(performance.now() - t); return r; };
  }
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const l = new Ledger({ dir: '/tmp/frugal-prof-1m', logger: silentLogger, inlineRetentionDays: 0 });
    await l.load();
    console.log('load', (performance.now() - t).toFixed(1));
    await l.close();
  }
  for (const [k, v] of Object.entries(times)) console.log(k, v.length, v.slice(-14).map((x) => x.toFixed(1)).join(' '));
})();
