// Each dashboard page's first content, in Debian's Chromium (headless,
// playwright-core), against a running `vigil serve` (bench/dashboard_bench.sh
// starts one on the 1M-asset store; docs/performance.md, "Dashboard").
//
//   node web/tests/page_timings.mjs --url http://127.0.0.1:PORT --user U --password P
//        [--runs 3] [--out DIR] [--pages landing,scan,...]
//
// Signs in through the sign-in page, then loads every page --runs times
// (each a full navigation with a warm HTTP cache, as a second visit is) and
// prints, per page, the median and worst of: first contentful paint (the
// browser's FCP: the shell drawn) and time to data (the page's data shown:
// nothing on it says "Loading…" any more, aria-busy), and the API requests
// of its last load that took 200 ms or more (where the time goes). Reports,
// asserts nothing: exit 0 unless a page fails to load. --out: a PNG of each
// page; --pages: only these pages (by name).
import { mkdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const source = resolve(here, '../..');
const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
for (const need of ['url', 'user', 'password'])
  if (!args[need]) {
    console.error('usage: node web/tests/page_timings.mjs --url URL --user USER --password PASSWORD [--runs N] [--out DIR]');
    process.exit(2);
  }
const runs = Number(args.runs ?? 3);
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(`no Chromium at ${chromium} (bash scripts/install-deps.sh installs it)`);
  process.exit(1);
}
const playwright = createRequire(join(source, 'web/package.json'))('playwright-core');

const browser = await playwright.chromium.launch({
  executablePath: chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
});
const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, baseURL: args.url });
const page = await context.newPage();
page.setDefaultTimeout(120000);
await page.goto('/');
await page.getByLabel('User name').fill(args.user);
await page.getByLabel('Password', { exact: true }).fill(args.password);
await page.getByRole('button', { name: 'Sign in' }).click();
await page.getByRole('navigation', { name: 'Main' }).waitFor();

const api = async (path) => {
  const r = await page.request.get(path);
  if (!r.ok()) throw new Error(`GET ${path}: ${r.status()} ${await r.text()}`);
  return r.json();
};
const violation = (await api('/api/v1/violations?limit=1')).items[0]?.id ?? 1;
const policy = (await api('/api/v1/policies')).items[0]?.id ?? 'none';
const scan = (await api('/api/v1/scans?limit=1')).items[0]?.id ?? 1;
const framework = (await api('/api/v1/frameworks')).items[0]?.id ?? 'cis-aws-3.0';
const asset = (await api('/api/v1/assets?limit=1')).items[0]?.key ?? 1;
const pages = [
  ['landing', '/'],
  ['violations', '/violations'],
  ['violations-open-critical', '/violations?status=open&severity=critical'],
  ['violation', `/violations/${violation}`],
  ['policies', '/policies'],
  ['policy', `/policies/${encodeURIComponent(policy)}`],
  ['frameworks', '/frameworks'],
  ['framework', `/frameworks/${encodeURIComponent(framework)}`],
  ['exceptions', '/exceptions'],
  ['scans', '/scans'],
  ['scan', `/scans/${scan}`],
  ['fixes', '/fixes'],
  ['assets', '/assets'],
  ['asset', `/assets/${asset}`],
  ['search', '/search?q=bucket'],
  ['admin-users', '/admin/users'],
  ['admin-audit', '/admin/audit'],
];
if (args.out) mkdirSync(args.out, { recursive: true });
const only = args.pages ? new Set(args.pages.split(',')) : null;
// API requests of the current load, with their durations (request start to response end).
let requests = [];
page.on('requestfinished', (r) => {
  const t = r.timing();
  if (new URL(r.url()).pathname.startsWith('/api/')) requests.push([r.url(), t.responseEnd]);
});

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const ms = (x) => (x === null || x === undefined ? '   n/a' : `${x.toFixed(0).padStart(6)}`);
console.log(`page timings at ${args.url}, 1366x768, ${runs} run(s) each (median / worst, ms):`);
console.log(`  ${'page'.padEnd(26)} ${'FCP'.padStart(15)} ${'data shown'.padStart(17)}`);
let failed = 0;
for (const [name, path] of pages) {
  if (only && !only.has(name)) continue;
  const fcp = [];
  const data = [];
  try {
    for (let i = 0; i < runs; i++) {
      requests = [];
      await page.goto(path);
      const shown = await page
        .waitForFunction(() => (document.querySelector('#main') && !document.querySelector('[aria-busy="true"]') ? performance.now() : false), null, { polling: 'raf', timeout: 120000 })
        .then((h) => h.jsonValue());
      fcp.push(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN));
      data.push(shown);
    }
    if (args.out) await page.screenshot({ path: join(args.out, `${name}.png`) });
    console.log(`  ${name.padEnd(26)} ${ms(median(fcp))} / ${ms(Math.max(...fcp))}   ${ms(median(data))} / ${ms(Math.max(...data))}   ${path}`);
    for (const [u, took] of requests) if (took >= 200) console.log(`  ${''.padEnd(26)}   ${ms(took)} ms  ${new URL(u).pathname}${new URL(u).search}`);
  } catch (e) {
    failed++;
    console.log(`  ${name.padEnd(26)} failed: ${e.message.split('\n')[0]}`);
  }
}
await browser.close();
process.exit(failed ? 1 : 0);
