import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const agg = new Map(); const N = 8;
for (let run = 0; run < N; run++) {
  const ctx = await b.newContext({ viewport: { width: 1280, height: 900 } });
  const p = await ctx.newPage();
  const cdp = await ctx.newCDPSession(p);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
  await p.goto('http://127.0.0.1:8765/bench/pages/widget.html');
  await p.locator('.aw-body p').first().waitFor();
  await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r))));
  const { profile } = await cdp.send('Profiler.stop');
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map(); for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] || 0;
    const seen = new Set();
    for (let cur = id; cur; cur = parent.get(cur)) {
      const n = byId.get(cur); const k = n.callFrame.functionName || '(anon ' + n.callFrame.url.split('/').pop() + ')';
      if (seen.has(k)) continue; seen.add(k);
      const e = agg.get(k) || { incl: 0, self: 0 }; e.incl += dt; if (cur === id) e.self += dt; agg.set(k, e);
    }
  });
  await ctx.close();
}
const rows = [...agg].filter(([k]) => !['(root)', '(program)', '(idle)'].includes(k)).sort((a, b) => b[1].incl - a[1].incl).slice(0, 70);
for (const [k, v] of rows) console.log((v.incl / N / 1000).toFixed(1).padStart(7), (v.self / N / 1000).toFixed(1).padStart(7), k.replace(/\[[0-9a-f]{16}\]/g, '').slice(0, 150));
await b.close();
