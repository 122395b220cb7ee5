// Browser tests of `hoptac serve`: Debian's chromium driven by playwright-core over a
// registry filled by `hoptac ingest` with the seeds ($SHARED/seeds, when present) and
// the sample articles. Prints TAP; screenshots of each page go to tests/e2e/out/.
// Runs on Node 18 (CommonJS, no dependency but playwright-core).
'use strict';

const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const OUT = path.join(__dirname, 'out');
const SHARED = process.env.SHARED || path.join(ROOT, '..', 'shared');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const BIN = process.env.HOPTAC_BIN && fs.existsSync(process.env.HOPTAC_BIN)
  ? process.env.HOPTAC_BIN
  : [path.join(ROOT, 'build/asan/hoptac'), path.join(ROOT, 'hoptac')].find((p) => fs.existsSync(p));
const PASSWORD = 'mật khẩu thử nghiệm';

let n = 0, failed = 0;
function ok(name) { n++; console.log(`ok ${n} - ${name}`); }
function notOk(name, why) {
  n++; failed++;
  console.log(`not ok ${n} - ${name}`);
  for (const l of String(why).split('\n').slice(0, 8)) console.log(`#   ${l}`);
}
function skip(name, why) { n++; console.log(`ok ${n} - ${name} # SKIP ${why}`); }

async function check(name, fn) {
  try {
    const r = await fn();
    if (r && r.skip) skip(name, r.skip); else ok(name);
  } catch (e) {
    notOk(name, e && e.stack ? e.stack : e);
  }
}
function expect(cond, msg) { if (!cond) throw new Error(msg); }

function hoptac(args, input) {
  return execFileSync(BIN, args, { input, stdio: ['pipe', 'pipe', 'pipe'] }).toString();
}

function startServer(db) {
  return new Promise((resolve, reject) => {
    const p = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    const timer = setTimeout(() => reject(new Error('the server did not start:\n' + log)), 30000);
    p.stderr.on('data', (d) => {
      log += d.toString();
      const m = log.match(/listening on (http:\/\/[^/\s]+)\//);
      if (m) { clearTimeout(timer); resolve({ proc: p, base: m[1], log: () => log }); }
    });
    p.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the server exited (${code}):\n${log}`)); });
  });
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(OUT, name + '.png'), fullPage: true });
}

async function main() {
  if (!BIN) { notOk('hoptac is built', 'no build/asan/hoptac or ./hoptac: run make first'); return; }
  let chromium;
  try { ({ chromium } = require('playwright-core')); } catch (e) {
    notOk('playwright-core is installed', 'run scripts/install-deps (npm ci)'); return;
  }
  if (!fs.existsSync(CHROMIUM)) { notOk('chromium is installed', `${CHROMIUM} is missing: run scripts/install-deps`); return; }
  fs.mkdirSync(OUT, { recursive: true });

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hoptac-e2e-'));
  const db = path.join(tmp, 'reg.db');
  hoptac(['init', '--db', db]);
  const seeds = path.join(SHARED, 'seeds');
  const haveSeeds = fs.existsSync(seeds);
  const inputs = [path.join(ROOT, 'examples')];
  if (haveSeeds) inputs.push(...fs.readdirSync(seeds).filter((f) => f.endsWith('.txt')).map((f) => path.join(seeds, f)));
  try { hoptac(['ingest', '--db', db, ...inputs]); } catch (e) { /* a bad document is reported, the rest is stored */ }
  hoptac(['user', 'add', 'editor', '--db', db], PASSWORD + '\n');

  const srv = await startServer(db);
  const base = srv.base;
  const userDir = fs.mkdtempSync(path.join(tmp, 'chromium-'));
  const ctx = await chromium.launchPersistentContext(userDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1200, height: 900 },
    locale: 'vi-VN',
  });
  const page = ctx.pages()[0] || await ctx.newPage();
  page.setDefaultTimeout(30000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));

  try {
    await check('the home page opens', async () => {
      await page.goto(base + '/');
      expect(await page.locator('html[lang=vi]').count() === 1, 'no <html lang="vi">');
      await shot(page, '01-home');
    });

    await check('searching "dak lak" as you type shows Đắk Lắk with highlights', async () => {
      await page.goto(base + '/search');
      await page.locator('input[name=q]').pressSequentially('dak lak', { delay: 30 });
      // results may first show for a part of the query ("dak "): wait for the whole one
      await page.waitForURL((u) => u.searchParams.get('q') === 'dak lak');
      const mark = page.locator('#results mark', { hasText: 'Đắk' }).first();
      await mark.waitFor();
      const n = await page.locator('#results li.result').count();
      expect(n > 0, 'no result');
      expect(page.url().includes('q=dak+lak') || page.url().includes('q=dak%20lak'), 'the URL does not keep the query: ' + page.url());
      await shot(page, '02-search');
    });

    await check('the search page works without JavaScript too (form submit)', async () => {
      const p2 = await ctx.newPage();
      await p2.route('**/*.js*', (r) => r.abort());
      await p2.goto(base + '/search?q=se+kong');
      const marks = await p2.locator('#results mark').count();
      await p2.close();
      expect(marks > 0, 'no highlighted result for "se kong"');
    });

    // The 2018 agreement of the seeds, when extraction found it.
    const list = await (await page.request.get(base + '/api/agreements')).json();
    const agr2018 = list.find((a) => a.signed && a.signed.startsWith('2018-06-21'));
    await check('the 2018 agreement shows its 5 tasks and its evidence', async () => {
      if (!haveSeeds) return { skip: 'no seeds in $SHARED/seeds' };
      if (!agr2018) return { skip: 'the registry holds no agreement signed 2018-06-21 (extraction of the seeds)' };
      await page.goto(base + '/agreement/' + agr2018.id);
      const tasks = await page.locator('ol.tasks > li.task').count();
      expect(tasks === 5, `${tasks} tasks, want 5`);
      expect(await page.locator('ul.evidence blockquote').count() > 0, 'no evidence');
      expect(await page.locator('time[datetime="2018-06-21"]', { hasText: '21/06/2018' }).count() > 0, 'no 21/06/2018');
      await shot(page, '03-agreement-2018');
    });

    await check('the party page shows a timeline, the pair page the relation', async () => {
      await page.goto(base + '/party/VN-DLK');
      expect(await page.locator('h1').innerText() === 'Đắk Lắk', 'the heading is not Đắk Lắk');
      const items = await page.locator('ol.timeline > li').count();
      expect(items > 0, 'the timeline of Đắk Lắk is empty');
      expect(await page.locator('ol.timeline time[datetime]').count() > 0, 'no ISO date in the timeline markup');
      await shot(page, '04-party');
      await page.goto(base + '/party/VN-KTM');
      expect(await page.locator('dd.successor a[href="/party/VN-QNG"]').count() === 1, 'Kon Tum does not name Quảng Ngãi as successor');
      await shot(page, '04-party-successor');
      await page.goto(base + '/party/VN-QNG');
      expect(await page.locator('dd.predecessors a[href="/party/VN-KTM"]').count() === 1, 'Quảng Ngãi does not list Kon Tum among its predecessors');
      await page.goto(base + '/pair/VN-DLK/LA-XE');
      expect(await page.locator('h1').innerText() === 'Đắk Lắk – Sê Kông', 'the pair heading');
      if (haveSeeds) expect(await page.locator('ol.timeline > li').count() > 0, 'the pair timeline is empty');
      await shot(page, '05-pair');
    });

    const docs = await (await page.request.get(base + '/api/documents')).json();
    await check('a document shows its text with a highlighted mention', async () => {
      let withMention = null;
      for (const d of docs) {
        const full = await (await page.request.get(base + '/api/documents/' + d.id)).json();
        if (full.mentions.length) { withMention = full; break; }
      }
      if (!withMention) return { skip: 'no document has mentions yet (extraction)' };
      await page.goto(base + '/document/' + withMention.id);
      const m = page.locator('article.doc mark.m').first();
      await m.waitFor();
      expect((await m.innerText()).trim().length > 0, 'an empty mark');
      const boiler = page.locator('article.doc .boiler').first();
      if (await boiler.count()) {
        const colour = await boiler.evaluate((el) => getComputedStyle(el).color);
        expect(colour !== 'rgb(0, 0, 0)', 'boilerplate is not greyed: ' + colour);
      }
      await shot(page, '06-document');
    });

    await check('a document page highlights the evidence span it is opened at', async () => {
      const d = docs.find((x) => x.title);
      expect(d, 'no document');
      await page.goto(`${base}/document/${d.id}?hl=0-20#hl`);
      const hl = page.locator('mark#hl');
      await hl.waitFor();
      expect((await hl.innerText()).trim().length > 0, 'empty evidence mark');
      expect(await page.locator('article.doc .blk').count() > 0, 'no blocks');
      await shot(page, '07-document-evidence');
    });

    await check('a write without sign-in is refused', async () => {
      const r = await page.request.post(base + '/api/agreements', {
        data: { kind: 'mou', title: 'không được lưu' }, headers: { 'Content-Type': 'application/json' },
      });
      expect(r.status() === 401, `status ${r.status()}, want 401`);
      await page.goto(base + '/new/agreement');
      await page.locator('input[name=title]').fill('không được lưu');
      const [resp] = await Promise.all([page.waitForNavigation(), page.locator('form.record button[type=submit]').click()]);
      expect(resp.status() === 401, `the form answered ${resp.status()}, want 401`);
      await shot(page, '08-refused');
    });

    await check('signing in through the form', async () => {
      await page.goto(base + '/signin');
      await shot(page, '09-signin');
      await page.locator('input[name=name]').fill('editor');
      await page.locator('input[name=password]').fill(PASSWORD);
      await Promise.all([page.waitForNavigation(), page.locator('form.signin button[type=submit]').click()]);
      expect(await page.locator('.who', { hasText: 'editor' }).count() === 1, 'the page does not show the user');
    });

    let added = null;
    await check('adding an agreement with its tasks through the form', async () => {
      await page.goto(base + '/new/agreement');
      await page.locator('select[name=kind]').selectOption('cooperation_agreement');
      await page.locator('input[name=title]').fill('Thỏa thuận hợp tác thử giai đoạn 2024–2028');
      await page.locator('textarea[name=parties]').fill('Đắk Lắk\nSê Kông');
      await page.locator('input[name=signed]').fill('02/05/2024');
      await page.locator('input[name=term_from]').fill('2024');
      await page.locator('input[name=term_to]').fill('2028');
      await page.locator('input[name=fields][value=education]').check();
      await page.locator('textarea[name=tasks]').fill('Trao đổi đoàn\nĐào tạo\nGiao lưu văn hóa\nHỗ trợ y tế\nXúc tiến thương mại');
      await shot(page, '10-new-agreement');
      await Promise.all([page.waitForNavigation(), page.locator('form.record button[type=submit]').click()]);
      expect(/\/agreement\/agr-[0-9a-f]{16}/.test(page.url()), 'not on the new agreement: ' + page.url());
      added = page.url().match(/agr-[0-9a-f]{16}/)[0];
      expect(await page.locator('ol.tasks > li.task').count() === 5, 'not 5 tasks');
      expect(await page.locator('time[datetime="2024-05-02"]', { hasText: '02/05/2024' }).count() > 0, 'the date is not 02/05/2024');
      expect(await page.locator('dd.parties a[href="/party/VN-DLK"]').count() === 1, 'Đắk Lắk is not linked');
      await shot(page, '11-agreement');
    });

    await check('confirming a proposed record in the review queue', async () => {
      const q = await (await page.request.get(base + '/api/review')).json();
      if (!q.length) return { skip: 'nothing proposed by extraction' };
      const item = q[0];
      item.type = item.id.startsWith('agr-') ? 'agreement' : item.id.startsWith('act-') ? 'activity'
        : item.id.startsWith('per-') ? 'person' : 'party';
      await page.goto(base + '/review');
      await shot(page, '12-review');
      const row = page.locator(`tr[id="r-${item.id}"]`);
      await Promise.all([page.waitForNavigation(), row.locator('button.confirm').click()]);
      expect(await page.locator('p.notice', { hasText: 'Đã xác nhận' }).count() === 1, 'no confirmation notice');
      expect(await page.locator(`tr[id="r-${item.id}"]`).count() === 0, 'still in the queue');
      const kind = item.type === 'party' ? 'parties' : item.type === 'person' ? 'people' : item.type + 's';
      const rec = await (await page.request.get(`${base}/api/${kind}/${item.id}`)).json();
      expect(rec.status === 'confirmed', 'status ' + rec.status);
      await page.goto(`${base}/${item.type}/${item.id}`);
      expect(await page.locator('.badge.rv-confirmed').count() > 0, 'the record page does not say confirmed');
      await shot(page, '13-confirmed');
    });

    await check('correcting a record through the form', async () => {
      expect(added, 'no record');
      await page.goto(base + '/edit/' + added);
      await page.locator('input[name=place]').fill('thành phố Buôn Ma Thuột');
      await Promise.all([page.waitForNavigation(), page.locator('form.record button[type=submit]').click()]);
      expect((await page.locator('dl.facts').innerText()).includes('Buôn Ma Thuột'), 'the place was not saved');
    });

    await check('signing out', async () => {
      await Promise.all([page.waitForNavigation(), page.locator('header form button', { hasText: 'Đăng xuất' }).click()]);
      expect(await page.locator('header a[href="/signin"]').count() === 1, 'still signed in');
      const r = await page.request.post(base + '/api/review/' + added, {
        data: { action: 'reject' }, headers: { 'Content-Type': 'application/json' },
      });
      expect(r.status() === 401, 'a write after sign-out answered ' + r.status());
    });

    await check('other pages render', async () => {
      const acts = await (await page.request.get(base + '/api/activities')).json();
      const people = await (await page.request.get(base + '/api/people')).json();
      const pages = [['/documents', '14-documents'], ['/agreements', '15-agreements'],
        ['/activities', '16-activities'], ['/parties', '17-parties'], ['/people', '18-people']];
      if (acts.length) pages.push(['/activity/' + acts[0].id, '19-activity']);
      if (people.length) pages.push(['/person/' + people[0].id, '20-person']);
      for (const [p, name] of pages) {
        const r = await page.goto(base + p);
        expect(r.status() === 200, p + ' ' + r.status());
        expect(await page.locator('h1').count() === 1, p + ' has no heading');
        await shot(page, name);
      }
    });

    await check('no script error on any page', async () => {
      expect(errors.length === 0, errors.join('\n'));
    });
  } finally {
    await ctx.close();
    srv.proc.kill('SIGTERM');
    await new Promise((r) => srv.proc.once('exit', r));
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(() => {
  console.log(`1..${n}`);
  process.exit(failed ? 1 : 0);
}, (e) => {
  notOk('the browser tests ran', e && e.stack ? e.stack : e);
  console.log(`1..${n}`);
  process.exit(1);
});
