// Everything that needs a real browser: axe-core on each page, the
// accessibility toggles, screenshots and the phone-width overflow check.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// Flags that keep Chromium off the network and working as root in CI.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launch(executablePath = process.env.SITE_CHECK_CHROMIUM || '/usr/bin/chromium') {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}

/** Open `url`, recording JS errors and failed subresource requests. */
async function open(page, url) {
  const problems = [];
  const onError = (e) => problems.push(`JavaScript error: ${e.message.split('\n')[0]}`);
  const onResponse = (r) => {
    if (r.status() >= 400 && r.request().resourceType() !== 'document') problems.push(`HTTP ${r.status()} for ${r.url()}`);
  };
  const onFailed = (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
  page.on('pageerror', onError);
  page.on('response', onResponse);
  page.on('requestfailed', onFailed);
  const detach = () => {
    page.off('pageerror', onError);
    page.off('response', onResponse);
    page.off('requestfailed', onFailed);
  };
  try {
    const response = await page.goto(url, { waitUntil: 'load', timeout: 30000 });
    return { status: response ? response.status() : 0, problems, detach };
  } catch (e) {
    detach();
    throw e;
  }
}

/** Run axe-core in the page; returns a list of violations, one per failing node. */
async function axeViolations(page) {
  const present = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!present) await page.addScriptTag({ content: AXE_SOURCE });
  const raw = await page.evaluate(
    async (tags) => {
      const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return r.violations.map((v) => ({
        rule: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({
          target: n.target.join(' '),
          html: n.html.slice(0, 200),
          summary: (n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 300),
        })),
      }));
    },
    AXE_TAGS,
  );
  const out = [];
  for (const v of raw) {
    for (const n of v.nodes) out.push({ rule: v.rule, impact: v.impact, help: v.help, helpUrl: v.helpUrl, ...n });
  }
  return out;
}

/**
 * axe-core over `pages` ([{ file, url }]), `concurrency` tabs of one browser.
 * Returns { violations: [{page, rule, impact, help, target, html, summary}], loadProblems: [{page, problem}], checked }.
 */
export async function axePages(browser, origin, pages, concurrency = 3) {
  const violations = [];
  const loadProblems = [];
  const queue = pages.slice();
  let checked = 0;
  const worker = async () => {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    for (let item = queue.shift(); item; item = queue.shift()) {
      try {
        const { status, problems, detach } = await open(page, origin + encodeURI(item.url));
        if (status !== 200) loadProblems.push({ page: item.file, problem: `HTTP ${status} for the page itself` });
        for (const v of await axeViolations(page)) violations.push({ page: item.file, ...v });
        detach();
        for (const p of problems) loadProblems.push({ page: item.file, problem: p });
        checked++;
      } catch (e) {
        loadProblems.push({ page: item.file, problem: `could not check: ${e.message.split('\n')[0]}` });
      }
    }
    await context.close();
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, pages.length)) }, worker));
  return { violations, loadProblems, checked };
}

/**
 * On the home page, activate each accessibility control that exists (#a11y-contrast,
 * #a11y-fontsize, then both) in a fresh context and run axe again.
 * Also measures overflow at 360px with the mode on, and takes screenshots at both widths.
 * Returns { present: [id], runs: [{mode, violations: [...], overflow|null}], problems: [...] }.
 */
export async function axeToggles(browser, origin, home, shotDir) {
  const ids = ['a11y-contrast', 'a11y-fontsize'];
  const runs = [];
  const problems = [];
  const present = [];
  {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(origin + encodeURI(home.url), { waitUntil: 'load' });
    for (const id of ids) if ((await page.locator(`[id="${id}"]`).count()) > 0) present.push(id);
    await context.close();
  }
  const modes = present.map((id) => [id]);
  if (present.length > 1) modes.push(present);
  for (const mode of modes) {
    const label = mode.join('+');
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    try {
      await page.goto(origin + encodeURI(home.url), { waitUntil: 'load' });
      for (const id of mode) {
        const control = page.locator(`[id="${id}"]`).first();
        // A control may be a link (a no-JS fallback) that navigates; wait for whatever follows.
        await control.click({ timeout: 5000 });
        await page.waitForLoadState('load');
        await page.waitForTimeout(100);
      }
      const violations = (await axeViolations(page)).map((v) => ({ page: `${home.file} [${label} on]`, ...v }));
      if (shotDir) await page.screenshot({ path: path.join(shotDir, `home-${label}-1280.png`), fullPage: true });
      // Large type is for older readers, often on phones: the mode must not overflow at 360px.
      await page.setViewportSize({ width: 360, height: 740 });
      await page.waitForTimeout(100);
      const o = await page.evaluate(measureOverflow);
      const overflow = o.scrollWidth > o.innerWidth ? { page: `${home.url} [${label} on]`, name: `home-${label}`, width: 360, ...o } : null;
      if (shotDir) await page.screenshot({ path: path.join(shotDir, `home-${label}-360.png`), fullPage: true });
      runs.push({ mode: label, violations, overflow });
    } catch (e) {
      problems.push({ page: `${home.file} [${label}]`, problem: `could not activate: ${e.message.split('\n')[0]}` });
    }
    await context.close();
  }
  return { present, runs, problems };
}

/**
 * Full-page screenshots of `targets` ([{name, url, expectStatus}]) at each width, and
 * the phone-width overflow check. Returns { shots: [file], problems: [{page, problem}], overflow: [{page, width, scrollWidth, offenders}] }.
 */
export async function screenshots(browser, origin, targets, shotDir, widths = [1280, 360], phoneWidth = 360) {
  fs.mkdirSync(shotDir, { recursive: true });
  const shots = [];
  const problems = [];
  const overflow = [];
  for (const width of widths) {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width, height: width >= 1000 ? 800 : 740 } });
    const page = await context.newPage();
    for (const t of targets) {
      try {
        const resp = await page.goto(origin + encodeURI(t.url), { waitUntil: 'load' });
        const status = resp ? resp.status() : 0;
        const expect = t.expectStatus || 200;
        if (status !== expect) problems.push({ page: t.url, problem: `HTTP ${status}, expected ${expect}` });
        await page.evaluate(() => document.fonts && document.fonts.ready);
        const file = path.join(shotDir, `${t.name}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        shots.push(file);
        if (width === phoneWidth) {
          const o = await page.evaluate(measureOverflow);
          if (!o.viewport) overflow.push({ page: t.url, name: t.name, width, ...o, problem: 'no <meta name="viewport" content="width=device-width, …">; phones will show a shrunken desktop page' });
          if (o.scrollWidth > o.innerWidth) overflow.push({ page: t.url, name: t.name, width, ...o });
        }
      } catch (e) {
        problems.push({ page: t.url, problem: `screenshot failed: ${e.message.split('\n')[0]}` });
      }
    }
    await context.close();
  }
  return { shots, problems, overflow };
}

// Runs in the page: horizontal overflow and the outermost elements that cause it.
function measureOverflow() {
  const iw = window.innerWidth;
  const sw = document.documentElement.scrollWidth;
  const meta = document.querySelector('meta[name="viewport"]');
  const viewport = !!meta && /width\s*=\s*device-width/i.test(meta.getAttribute('content') || '');
  const sel = (el) => {
    const parts = [];
    for (let e = el; e && e.nodeType === 1 && parts.length < 4; e = e.parentElement) {
      let s = e.localName;
      if (e.id) {
        parts.unshift(`${s}#${e.id}`);
        break;
      }
      if (e.classList.length) s += '.' + [...e.classList].slice(0, 2).join('.');
      parts.unshift(s);
    }
    return parts.join(' > ');
  };
  // Does an ancestor scroll container clip `el`? An absolutely positioned element escapes
  // every clipping ancestor below its containing block (the classic .visually-hidden leak).
  const positioned = (cs) => cs.position !== 'static' || cs.transform !== 'none';
  const clipped = (el) => {
    const own = getComputedStyle(el);
    if (own.position === 'fixed') return true; // fixed boxes never widen the page
    let needBlock = own.position === 'absolute';
    for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (needBlock) {
        if (!positioned(cs)) continue;
        needBlock = false;
      }
      if (cs.overflowX !== 'visible') return true;
      if (cs.position === 'absolute') needBlock = true;
      if (cs.position === 'fixed') return true;
    }
    return false;
  };
  const found = [];
  if (sw > iw) {
    for (const el of [document.body, ...document.body.querySelectorAll('*')]) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0 && getComputedStyle(el).position !== 'absolute') continue;
      if (r.right <= iw + 0.5 || clipped(el)) continue;
      found.push({ el, right: Math.round(r.right), width: Math.round(r.width) });
    }
  }
  // Outermost culprits only, widest overflow first, identical selectors counted once.
  const inFound = new Set(found.map((f) => f.el));
  const outer = found.filter((f) => {
    for (let a = f.el.parentElement; a; a = a.parentElement) if (inFound.has(a)) return false;
    return true;
  });
  outer.sort((a, b) => b.right - a.right);
  const bySel = new Map();
  for (const f of outer) {
    const k = sel(f.el);
    if (bySel.has(k)) bySel.get(k).count++;
    else bySel.set(k, { selector: k, right: f.right, width: f.width, count: 1 });
  }
  const offenders = [...bySel.values()].slice(0, 8);
  return { innerWidth: iw, scrollWidth: sw, viewport, offenders };
}
