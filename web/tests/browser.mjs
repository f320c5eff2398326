// The dashboard in a real browser: Debian's Chromium (headless, driven by
// playwright-core) against a real `vigil serve` that this script starts on
// a fresh store and lets record a scan of examples/estate.
//
//   node web/tests/browser.mjs --vigil build/bin/vigil --out build/tests/web-screenshots
//
// Checks: sign in (and the first admin's password change) through the UI;
// a refused single sign-on (?sso_error=) is explained on the sign-in page;
// the landing page's numbers equal GET /api/v1/summary's; switching the asset
// group changes them to the group's row; a bulk exception granted in the
// violations explorer makes the violations exempted in the API; "Scan now"
// records a scan, after which a queue changed in the capture (a copy of
// examples/estate) shows its two versions' field diff on its asset page; the
// fields the failed findings' policies read are highlighted in an asset's
// configuration (or listed as absent), toggled from the keyboard; a viewer
// limited to a group sees neither another group's violations nor the admin
// pages; a deep link survives a reload; axe-core finds no serious or critical
// violation on any page; the console shows no CSP violation. Every page is
// screenshotted (PNG) into --out, and each page's first contentful paint
// and time to its data are printed (reported, not asserted).
//
// Exit 0: passed; 1: failed; 77: skipped (no Chromium or no web/node_modules,
// outside CI; under CI=true those are failures).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const source = resolve(here, '../..');
const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
const vigil = resolve(args.vigil ?? join(source, 'build/bin/vigil'));
const out = resolve(args.out ?? join(source, 'build/tests/web-screenshots'));
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ci = ['1', 'true', 'yes'].includes(String(process.env.CI ?? '').toLowerCase());

function unavailable(why) {
  console.error(`web browser test: ${why}`);
  process.exit(ci ? 1 : 77);
}
if (!existsSync(chromium)) unavailable(`no Chromium at ${chromium} (bash scripts/install-deps.sh installs it)`);
const require = createRequire(join(source, 'web/package.json'));
let playwright, axeSource;
try {
  playwright = require('playwright-core');
  axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
} catch (e) {
  unavailable(`web/node_modules is missing or incomplete (${e.code ?? e.message}): run bash scripts/install-deps.sh`);
}
if (!existsSync(vigil)) {
  console.error(`web browser test: no vigil binary at ${vigil}`);
  process.exit(1);
}

const failures = [];
function check(ok, what) {
  if (ok) console.log(`ok    ${what}`);
  else {
    console.log(`FAIL  ${what}`);
    failures.push(what);
  }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- vigil serve on a fresh store -------------------------------------
const work = mkdtempSync(join(tmpdir(), 'vigil-web-'));
// A copy of the sample estate, so that a queue can change between two scans.
const estate = join(work, 'estate');
cpSync(join(source, 'examples/estate'), estate, { recursive: true });
const queue = join(estate, '111111111111/us-east-1/sqs/GetQueueAttributes/https%3A%2F%2Fsqs.us-east-1.amazonaws.com%2F111111111111%2Femail-outbox.json');
writeFileSync(
  join(work, 'vigil.yaml'),
  `store: ${join(work, 'vigil.db')}
sources:
  - name: estate
    kind: capture
    path: ${estate}
    cadence: {interval: 6h}
groups:
  - name: dev
    accounts: ["222222222222"]
  - name: production
    accounts: ["111111111111"]
# Single sign-on with a provider that is not there (nothing listens on port 9):
# the sign-in page's explanations of refused sign-ins.
auth:
  oidc:
    issuer: http://127.0.0.1:9
    client_id: vigil-browser-test
    redirect_uri: http://127.0.0.1/api/v1/session/oidc/callback
    roles_claim: roles
    role_map: {vigil-admins: admin}
    unrestricted_values: [vigil-admins]
`,
);
const serve = spawn(vigil, ['serve', '--config', join(work, 'vigil.yaml'), '--threads', '1', '--listen', '127.0.0.1:0'], {
  stdio: ['ignore', 'ignore', 'pipe'],
});
let log = '';
serve.stderr.on('data', (d) => (log += d));
let browser;
async function finish(code) {
  if (browser) await browser.close().catch(() => {});
  if (serve.exitCode === null) {
    serve.kill('SIGTERM');
    await new Promise((r) => serve.once('exit', r));
  }
  rmSync(work, { recursive: true, force: true });
  process.exit(code);
}
process.on('unhandledRejection', async (e) => {
  console.error('web browser test: unexpected error', e);
  console.error(log);
  await finish(1);
});

let port = 0;
let firstPassword = '';
for (let i = 0; i < 1200 && !(port && firstPassword); i++) {
  port = Number(log.match(/API on http:\/\/127\.0\.0\.1:(\d+)\//)?.[1] ?? 0);
  firstPassword = log.match(/one-time password ([A-Za-z0-9_-]+) /)?.[1] ?? '';
  if (serve.exitCode !== null) break;
  await sleep(50);
}
if (!port || !firstPassword) {
  console.error(`web browser test: vigil serve did not start:\n${log}`);
  await finish(1);
}
const base = `http://127.0.0.1:${port}`;
const adminPassword = 'the admin password of the browser test';

// A small API client with its own session (cookie + CSRF token).
class Api {
  async signIn(user, password) {
    const r = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user, password }) });
    if (r.status !== 201) throw new Error(`sign-in of ${user}: ${r.status} ${await r.text()}`);
    this.cookie = r.headers.get('set-cookie').split(';')[0];
    this.csrf = (await r.json()).csrf_token;
    return this;
  }
  async call(method, path, body) {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: { Cookie: this.cookie, 'X-CSRF-Token': this.csrf, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  }
  async get(path) {
    const r = await this.call('GET', path);
    if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }
}

// ---- the browser ---------------------------------------------------------
mkdirSync(out, { recursive: true });
browser = await playwright.chromium.launch({
  executablePath: chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
});
const cspErrors = [];
const pageErrors = [];
async function newPage(colorScheme = 'light') {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, colorScheme, baseURL: base });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content[- ]Security[- ]Policy|Refused to (apply|load|execute)/i.test(m.text())) cspErrors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
  return page;
}
// The page's data is in: nothing shows "Loading…" any more.
async function settled(page) {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), null, { timeout: 30000 });
}
async function signInThroughUi(page, user, password, newPassword) {
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (newPassword) {
    await page.getByRole('heading', { name: 'Choose your password' }).waitFor();
    await page.getByLabel('Current (one-time) password').fill(password);
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('New password again').fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
  }
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}
const metric = (page, name) => page.locator(`[data-metric="${name}"]`).getAttribute('data-value').then(Number);

// ---- single sign-on refused: the sign-in page says why --------------------------
// A callback with a state Vigil never issued (the browser's own navigation:
// Vigil answers 303 to the sign-in page), the provider's denial, and the
// "Sign in with single sign-on" button with the provider unreachable.
const guest = await newPage();
const ssoCases = [
  ['a callback with a state never issued', () => guest.goto('/api/v1/session/oidc/callback?state=never-issued&code=x'), 'began in another browser'],
  ['the provider denied the sign-in', () => guest.goto('/?sso_error=sso_provider&sso_detail=access_denied'), 'denied at the identity provider'],
  ['the provider cannot be reached', async () => { await guest.goto('/'); await guest.getByRole('link', { name: 'Sign in with single sign-on' }).click(); }, 'cannot be reached'],
];
for (const [what, go, says] of ssoCases) {
  await go();
  const alert = guest.getByTestId('sso-error');
  const shown = await alert.waitFor({ timeout: 15000 }).then(() => alert.innerText(), () => '');
  check(shown.includes(says), `sign-in page after ${what}: "${shown.replace(/\s+/g, ' ')}"`);
  check(new URL(guest.url()).pathname === '/' && !guest.url().includes('sso_error'), `... at / without the code left in the URL (${guest.url()})`);
  check((await guest.getByLabel('User name').count()) === 1, '... with the password form still there');
}
await guest.screenshot({ path: join(out, 'login-sso-error.png') });
await guest.evaluate(axeSource);
const guestAxe = await guest.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
const guestBad = guestAxe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
check(guestBad.length === 0, `axe: no serious or critical violation on the sign-in page with an SSO error${guestBad.length ? ': ' + guestBad.map((v) => v.id).join(', ') : ''}`);
await guest.context().close();

const admin = await newPage();
await admin.goto('/');
await signInThroughUi(admin, 'admin', firstPassword, adminPassword);
check(true, 'the first admin signs in with the one-time password and chooses their own through the UI');
const api = await new Api().signIn('admin', adminPassword);

// The first scan, recorded.
let scanned = false;
for (let i = 0; i < 1200 && !scanned; i++) {
  const scans = await api.get('/api/v1/scans');
  scanned = scans.items.length > 0 && scans.items[0].state === 'completed';
  if (!scanned) await sleep(100);
}
check(scanned, 'the first scan of examples/estate is recorded');
if (!scanned) {
  console.error(log);
  await finish(1);
}

// ---- landing page = GET /api/v1/summary -----------------------------------
const summary = await api.get('/api/v1/summary');
await admin.goto('/');
await settled(admin);
const fields = ['score', 'evaluated', 'violations', 'unknown', 'exempted', 'compliant'];
for (const f of fields) check((await metric(admin, f)) === summary.overall[f], `landing ${f} = summary overall ${f} (${summary.overall[f]})`);
const scoreText = await admin.locator('[data-metric="score"]').innerText();
check(scoreText.startsWith(summary.overall.score.toFixed(1)), `landing shows the score as ${summary.overall.score.toFixed(1)} (${scoreText.replace(/\s+/g, ' ')})`);

// ---- the asset group selector scopes the page ------------------------------
const dev = summary.group.find((g) => g.key === 'dev');
check(!!dev, 'the summary has a row for group dev');
await admin.getByTestId('group-select').selectOption('dev');
await admin.waitForURL(/[?&]group=dev/);
await settled(admin);
await admin.waitForFunction((v) => document.querySelector('[data-metric="evaluated"]')?.dataset.value === String(v), dev.evaluated);
for (const f of fields) check((await metric(admin, f)) === dev[f], `with group dev, landing ${f} = the dev row's (${dev[f]})`);
check(dev.evaluated !== summary.overall.evaluated, 'the numbers change with the group');
await admin.getByRole('link', { name: 'Violations', exact: true }).click();
await admin.waitForURL(/\/violations\?group=dev/);
check(true, 'navigation keeps the asset group (/violations?group=dev)');

// ---- bulk "grant exception" in the violations explorer ---------------------
await admin.goto('/violations?status=open&group=dev');
await settled(admin);
const firstRow = admin.locator('tr[data-status="open"]').first();
const violationId = Number(await firstRow.getAttribute('data-violation'));
const secondRow = admin.locator('tr[data-status="open"]').nth(1);
const secondId = Number(await secondRow.getAttribute('data-violation'));
await firstRow.getByRole('checkbox').check();
await secondRow.getByRole('checkbox').check();
await admin.getByRole('button', { name: 'Grant exception for selected…' }).click();
await admin.getByLabel('Reason (required)').fill('accepted by the browser test');
await admin.getByLabel('Ticket').fill('SEC-42');
await admin.screenshot({ path: join(out, 'violations-grant.png') });
await admin.getByRole('button', { name: 'Grant', exact: true }).click();
await admin.getByText('Granted 2 exceptions.').waitFor();
for (const id of [violationId, secondId]) {
  const v = await api.get(`/api/v1/violations/${id}`);
  check(typeof v.policy.remediation === 'string' && v.policy.remediation.length > 0, `violation ${id} carries its policy's remediation for the page`);
  check(v.status === 'exempted' && Number.isInteger(v.exception), `violation ${id} is exempted after the UI's grant (API status ${v.status}, exception ${v.exception})`);
}
const left = await admin
  .locator(`tr[data-violation="${violationId}"]`)
  .waitFor({ state: 'detached', timeout: 15000 })
  .then(() => true, () => false);
check(left, 'the exempted rows leave the open list (reloaded)');

// "Scan now" in Scans & sources records a scan; the exceptions hold, and
// the queue changed meanwhile has a second version.
writeFileSync(queue, readFileSync(queue, 'utf8').replace('"VisibilityTimeout": "30"', '"VisibilityTimeout": "120"'));
const scansBefore = (await api.get('/api/v1/scans')).items.length;
await admin.getByRole('link', { name: 'Scans & sources' }).click();
await admin.waitForURL(/\/scans/);
await admin.getByRole('button', { name: 'Scan estate now' }).click();
await admin.getByText('A scan of estate is queued').waitFor();
let rescanned = false;
for (let i = 0; i < 1200 && !rescanned; i++) {
  const scans = await api.get('/api/v1/scans');
  rescanned = scans.items.length > scansBefore && scans.items[0].state === 'completed';
  if (!rescanned) await sleep(100);
}
check(rescanned, '"Scan estate now" from the UI records a new scan');
for (const id of [violationId, secondId]) {
  const v = await api.get(`/api/v1/violations/${id}`);
  check(v.status === 'exempted', `violation ${id} stays exempted after the scan (${v.status})`);
}

// ---- an asset's two versions compared -----------------------------------------
await admin.goto('/assets?q=email-outbox');
await settled(admin);
await admin.getByRole('link', { name: 'email-outbox', exact: true }).first().click();
await admin.waitForURL(/\/assets\/\d+/);
await settled(admin);
await admin.getByRole('button', { name: 'Compare' }).click();
await admin.waitForURL(/from=1&to=2/);
const changed = admin.locator('tr.changed', { hasText: 'VisibilityTimeout' });
await changed.waitFor();
check((await changed.innerText()).includes('"30"') && (await changed.innerText()).includes('"120"'), 'the asset page compares two versions: VisibilityTimeout "30" -> "120"');
await admin.screenshot({ path: join(out, 'asset-diff.png'), fullPage: true });

// ---- the fields a policy reads, highlighted in the configuration ---------------
// A bucket with an open finding: each highlighted finding's `reads` (API) is
// either a highlighted node (tagged with the finding's number) or listed as
// read but absent; "Highlight" toggles a finding from the keyboard.
const readsFinding = (await api.get('/api/v1/violations?policy=aws-s3-bucket-public-access-block&status=open&limit=1')).items[0];
let readsAssetPath = null;
if (!readsFinding) check(false, 'the sample estate has an open aws-s3-bucket-public-access-block violation');
else {
  const listed = await api.get(`/api/v1/assets?id=${encodeURIComponent(readsFinding.asset.id)}`);
  const detail = await api.get(`/api/v1/assets/${listed.items[0].key}`);
  readsAssetPath = `/assets/${listed.items[0].key}`;
  await admin.goto(readsAssetPath);
  await settled(admin);
  await admin.getByTestId('read-legend').waitFor();
  const lit = detail.findings.map((f, i) => [f, i + 1]).filter(([f]) => f.status === 'open' || f.status === 'unknown');
  const shown = async () =>
    admin.locator('.config .read-tag').evaluateAll((tags) =>
      tags.map((t) => ({ by: t.dataset.readBy.split(',').map(Number), key: t.parentElement.querySelector(':scope > .key')?.textContent ?? null })),
    );
  const absentPaths = await admin.locator('.config .absent code').allInnerTexts();
  const tags = await shown();
  const lastName = (p) => [...p.matchAll(/(?:^|\.)([A-Za-z0-9_-]+)|\["((?:[^"\\]|\\.)*)"\]/g)].map((m) => m[1] ?? JSON.parse(`"${m[2]}"`)).pop();
  let unaccounted = [];
  for (const [f, n] of lit)
    for (const p of f.reads) {
      const tagged = tags.some((t) => t.by.includes(n) && (p.endsWith(']') || t.key === lastName(p)));
      if (!tagged && !absentPaths.includes(p)) unaccounted.push(`#${n} ${p}`);
    }
  const own = lit.find(([f]) => f.id === readsFinding.id);
  check(own && own[0].reads.some((p) => p.includes('PublicAccessBlock')), `the bucket's finding reads its Block Public Access settings (${own?.[0].reads.join(', ')})`);
  check(lit.length > 0 && unaccounted.length === 0, `every field the ${lit.length} failed finding(s) read is highlighted or listed as absent (${tags.length} highlighted, ${absentPaths.length} absent${unaccounted.length ? '; not shown: ' + unaccounted.join(', ') : ''})`);
  await admin.screenshot({ path: join(out, 'asset-reads.png'), fullPage: true });
  // Keyboard: the finding's "Highlight" button, pressed with Space, takes its fields away.
  const n = own[1];
  const toggle = admin.locator(`li[data-finding="${readsFinding.id}"] button.highlight`);
  check((await toggle.getAttribute('aria-pressed')) === 'true', 'a failed finding is highlighted at first (aria-pressed)');
  await toggle.focus();
  await admin.keyboard.press('Space');
  await admin.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('aria-pressed') === 'false', `li[data-finding="${readsFinding.id}"] button.highlight`);
  const after = await shown();
  check(after.every((t) => !t.by.includes(n)), `after Space on its "Highlight" button, no field is tagged #${n} (${after.length} tags left)`);
  await admin.keyboard.press('Space');
  await admin.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('aria-pressed') === 'true', `li[data-finding="${readsFinding.id}"] button.highlight`);
  // The policy page lists the same fields.
  await admin.goto(`/policies/${readsFinding.policy.id}`);
  await settled(admin);
  const listedReads = await admin.getByTestId('policy-reads').locator('code').allInnerTexts();
  check(listedReads.join() === own[0].reads.join(), `the policy page lists the fields it reads (${listedReads.length})`);
}

// ---- deep links survive a reload -------------------------------------------
await admin.goto('/violations?status=unknown&severity=high');
await settled(admin);
await admin.reload();
await settled(admin);
check(new URL(admin.url()).search === '?status=unknown&severity=high', 'a deep link keeps its URL over a reload');
check((await admin.getByLabel('Severity').inputValue()) === 'high', 'the reloaded explorer shows its filters from the URL');
const statuses = await admin.locator('tbody tr[data-status]').evaluateAll((rows) => rows.map((r) => r.dataset.status));
check(statuses.length > 0 && statuses.every((s) => s === 'unknown'), `the reloaded explorer lists unknown findings only (${statuses.length})`);

// ---- sort and download in the violations explorer --------------------------
await admin.goto('/violations?status=open');
await settled(admin);
await admin.getByLabel('Sort').selectOption('severity');
await admin.getByRole('button', { name: 'Apply' }).click();
await admin.waitForURL(/order=severity/);
await settled(admin);
const rank = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };
const csvLink = admin.locator('a[data-export="csv"]');
const csvHref = await csvLink.getAttribute('href');
// The page's own filters (the download link carries them, the asset group included).
const listQuery = new URLSearchParams(csvHref.split('?')[1]);
listQuery.delete('format');
listQuery.set('limit', '50');
const bySeverity = (await api.get(`/api/v1/violations?${listQuery}`)).items;
// The list reloads after the URL changes: wait for its first row to be the API's.
await admin.waitForFunction((id) => document.querySelector('tbody tr[data-violation]')?.dataset.violation === String(id), bySeverity[0].id, { timeout: 15000 }).catch(() => {});
const shownIds = await admin.locator('tbody tr[data-violation]').evaluateAll((rows) => rows.map((r) => Number(r.dataset.violation)));
check(shownIds.length > 0 && shownIds.join() === bySeverity.map((v) => v.id).join(), `"Most severe first" lists the API's severity order (${shownIds.length} rows, ${listQuery})`);
check(bySeverity.every((v, i) => i === 0 || rank[bySeverity[i - 1].policy.severity] >= rank[v.policy.severity]), 'the API orders them critical first');
check(csvHref.includes('format=csv') && csvHref.includes('status=open') && csvHref.includes('sort=severity'), `the CSV download carries the filters and the sort (${csvHref})`);
const [download] = await Promise.all([admin.waitForEvent('download'), csvLink.click()]);
const csvText = readFileSync(await download.path(), 'utf8');
const allOpen = await api.get(csvHref.replace('format=csv', 'format=json'));
const csvIds = csvText.split('\n').slice(1).map((line) => line.split(',')[0]).filter((id) => /^[0-9]+$/.test(id));
check(download.suggestedFilename().startsWith('vigil-violations-') && csvIds.length === allOpen.length, `the CSV download has every open violation (${csvIds.length} of ${allOpen.length}), not one page`);
await admin.screenshot({ path: join(out, 'violations-sorted.png') });

// ---- a fix's plan: previewed, not applied (fixes are off here) -------------
const bucketFinding = (await api.get('/api/v1/violations?policy=aws-s3-bucket-public-access-block&status=open&limit=1')).items[0];
if (bucketFinding) {
  await admin.goto(`/violations/${bucketFinding.id}`);
  await settled(admin);
  await admin.getByRole('button', { name: 'Fix…' }).click();
  const panel = admin.getByRole('region', { name: 'Fix' });
  await panel.getByText('PutPublicAccessBlock').first().waitFor({ timeout: 10000 }).catch(() => {});
  const panelText = await panel.innerText();
  check(panelText.includes('s3 PutPublicAccessBlock') && panelText.includes(bucketFinding.asset.id.replace('arn:aws:s3:::', '')), `the fix panel shows the plan's call for bucket ${bucketFinding.asset.id}`);
  check(panelText.includes('Fixes are off') && (await panel.getByRole('button', { name: 'Apply now' }).isDisabled()), 'with fixes off, the plan can be read and not applied');
  await admin.screenshot({ path: join(out, 'violation-fix-plan.png') });
} else {
  check(false, 'the sample estate has an open aws-s3-bucket-public-access-block violation to plan a fix for');
}
// A policy several actions serve: the operator picks one, the plan follows.
// acme-prod-assets is public through its bucket policy alone (one public
// statement), not its ACL.
const publicBucket = (await api.get('/api/v1/violations?policy=aws-s3-bucket-public&status=open&asset=arn:aws:s3:::acme-prod-assets&limit=1')).items[0];
if (publicBucket) {
  await admin.goto(`/violations/${publicBucket.id}`);
  await settled(admin);
  await admin.getByRole('button', { name: 'Fix…' }).click();
  const panel = admin.getByRole('region', { name: 'Fix' });
  const choice = panel.getByLabel('Action');
  await choice.waitFor({ timeout: 10000 }).catch(() => {});
  const options = await choice.locator('option').allInnerTexts().catch(() => []);
  check(options.includes('s3-remove-public-acl-grants') && options.includes('s3-remove-public-policy-statements') && (await choice.inputValue()) === 's3-block-public-access',
    `the fix panel offers every action that serves aws-s3-bucket-public, the policy's own first chosen (${options.join(', ')})`);
  await choice.selectOption('s3-remove-public-acl-grants');
  await panel.getByRole('alert').waitFor({ timeout: 10000 }).catch(() => {});
  const refusal = await panel.getByRole('alert').innerText().catch(() => '');
  check(refusal.includes('AllUsers') && (await choice.isVisible()), `an action that does not apply says why and the choice stays (${refusal})`);
  await choice.selectOption('s3-remove-public-policy-statements');
  await panel.getByText('DeleteBucketPolicy').first().waitFor({ timeout: 10000 }).catch(() => {});
  check((await panel.innerText()).includes('s3 DeleteBucketPolicy'), 'choosing s3-remove-public-policy-statements re-plans acme-prod-assets: its only statement is public, the policy is deleted');
} else {
  check(false, 'the sample estate has an open aws-s3-bucket-public violation on acme-prod-assets to choose a fix for');
}

// ---- every page: screenshot, axe, first content ----------------------------
const policy = (await api.get('/api/v1/policies')).items[0].id;
const scan = (await api.get('/api/v1/scans')).items[0].id;
const framework = (await api.get('/api/v1/frameworks')).items[0]?.id ?? 'cis-aws-3.0';
const assets = await api.call('GET', '/api/v1/assets?limit=1');
const assetKey = assets.status === 200 && assets.body.items.length ? assets.body.items[0].key : 1;
const pages = [
  ['landing', '/'],
  ['landing-group', '/?group=production'],
  ['violations', '/violations'],
  ['violation', `/violations/${violationId}`],
  ['policies', '/policies'],
  ['policy', `/policies/${encodeURIComponent(policy)}`],
  ['frameworks', '/frameworks'],
  ['framework', `/frameworks/${encodeURIComponent(framework)}?status=fail`],
  ['exceptions', '/exceptions'],
  ['scans', '/scans'],
  ['scan', `/scans/${scan}`],
  ['fixes', '/fixes'],
  ['assets', '/assets'],
  ['asset', `/assets/${assetKey}`],
  ...(readsAssetPath ? [['asset-reads-top', readsAssetPath]] : []),
  ['search', '/search?q=bucket'],
  ['admin-users', '/admin/users'],
  ['admin-tokens', '/admin/tokens'],
  ['admin-audit', '/admin/audit'],
];
const timings = [];
async function visit(page, name, path) {
  await page.goto(path);
  // The moment the page's data is shown: the shell is up and nothing says "Loading…".
  const data = await page
    .waitForFunction(() => (document.querySelector('#main') && !document.querySelector('[aria-busy="true"]') ? performance.now() : false), null, { polling: 'raf', timeout: 30000 })
    .then((h) => h.jsonValue());
  await settled(page);
  await page.waitForTimeout(300); // charts draw after their module loads
  const t = await page.evaluate((data) => ({ fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null, data }), data);
  timings.push([name, t]);
  await page.screenshot({ path: join(out, `${name}.png`), fullPage: false });
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  check(bad.length === 0, `axe: no serious or critical violation on ${path}${bad.length ? ': ' + bad.map((v) => `${v.id} (${v.impact}, ${v.nodes.length}× e.g. ${v.nodes[0].target})`).join('; ') : ''}`);
}
for (const [name, path] of pages) await visit(admin, name, path);

// A failing control's evidence is fetched when its row is opened (the report
// carries only counts), a page at a time.
await visit(admin, 'framework-evidence', `/frameworks/${encodeURIComponent(framework)}?status=fail`);
await admin.locator('details summary', { hasText: 'failing' }).first().click();
await admin.locator('ul.evidence li').first().waitFor({ timeout: 30000 });
check((await admin.locator('ul.evidence li').count()) > 0, 'an opened failing control lists its evidence');
check((await admin.locator('ul.evidence li').first().textContent()).includes('violation'), 'the evidence says violation');
await admin.screenshot({ path: join(out, 'framework-evidence.png') });

const dark = await newPage('dark');
await dark.goto('/');
await signInThroughUi(dark, 'admin', adminPassword);
await visit(dark, 'landing-dark', '/');
await visit(dark, 'violations-dark', '/violations');
if (readsAssetPath) {
  await visit(dark, 'asset-reads-dark-top', readsAssetPath);
  await dark.locator('.config .read-tag').first().scrollIntoViewIfNeeded();
  await dark.screenshot({ path: join(out, 'asset-reads-dark.png') });
}

// ---- a viewer limited to a group ---------------------------------------------
const made = await api.call('POST', '/api/v1/users', { name: 'devviewer', role: 'viewer', groups: ['dev'], password: 'one-time pass of devviewer' });
check(made.status === 201, `admin creates viewer devviewer limited to group dev (${made.status})`);
const viewer = await newPage();
await viewer.goto('/');
await signInThroughUi(viewer, 'devviewer', 'one-time pass of devviewer', 'devviewer chose this password');
await settled(viewer);
await viewer.screenshot({ path: join(out, 'viewer-landing.png') });
check((await viewer.getByRole('link', { name: 'Administration' }).count()) === 0, 'the viewer has no Administration link');
await viewer.goto('/admin/users');
await viewer.getByText('This page is for admins.').waitFor();
check(true, 'the viewer is shown "This page is for admins." at /admin/users');
await viewer.screenshot({ path: join(out, 'viewer-admin.png') });
await viewer.goto('/violations?status=open,unknown,exempted,closed');
await settled(viewer);
const accounts = await viewer.locator('tbody tr[data-violation]').evaluateAll((rows) => rows.map((r) => r.dataset.account));
check(accounts.length > 0 && accounts.every((a) => a === '222222222222'), `the viewer's explorer lists only group dev's account (${accounts.length} rows, accounts ${[...new Set(accounts)].join(', ')})`);
const production = await api.get('/api/v1/violations?account=111111111111&limit=1');
const foreign = production.items[0].id;
await viewer.goto(`/violations/${foreign}`);
await settled(viewer);
check((await viewer.getByRole('alert').innerText()).includes('Not found'), `the viewer cannot open violation ${foreign} of another group (not found)`);
await viewer.screenshot({ path: join(out, 'viewer-foreign-violation.png') });
const viewerApi = await new Api().signIn('devviewer', 'devviewer chose this password');
const leaked = await viewerApi.get('/api/v1/violations?account=111111111111');
check(leaked.items.length === 0, 'nor through the API the UI uses');
const admins = await viewerApi.call('GET', '/api/v1/users');
check(admins.status === 403, `the viewer's GET /api/v1/users is refused (${admins.status})`);

// ---- CSP and page errors ------------------------------------------------------
check(cspErrors.length === 0, `no CSP violation in the console${cspErrors.length ? ':\n  ' + cspErrors.slice(0, 5).join('\n  ') : ''}`);
check(pageErrors.length === 0, `no uncaught page error${pageErrors.length ? ':\n  ' + pageErrors.slice(0, 5).join('\n  ') : ''}`);

console.log('\nfirst contentful paint and time to data per page (1366x768, reported, not asserted):');
for (const [name, t] of timings) console.log(`  ${name.padEnd(24)} FCP ${t.fcp === null ? '   n/a' : t.fcp.toFixed(0).padStart(5) + ' ms'}   data ${t.data.toFixed(0).padStart(5)} ms`);
console.log(`screenshots: ${out}`);
if (failures.length) {
  console.log(`\n${failures.length} check(s) failed`);
  await finish(1);
}
console.log('\nall browser checks passed');
await finish(0);
