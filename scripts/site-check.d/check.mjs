#!/usr/bin/env node
// site-check: HTML validity, internal links, axe-core accessibility, screenshots
// and phone overflow for a built gongkai site. Run through ../site-check.
//
//   node check.mjs --public DIR (--site-yaml FILE | --base-url URL) [--out DIR]
//                  [--axe all|sample|auto] [--concurrency N] [--show N]
//
// Exit status: 0 all checks passed, 1 a check failed, 2 usage or setup error.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readBase, prefixOf, walk, urlOfFile, shapeOf, screenshotTargets } from './lib/site.mjs';
import { startServer } from './lib/serve.mjs';
import { validatePages } from './lib/validate.mjs';
import { checkLinks } from './lib/links.mjs';
import { launch, axePages, axeToggles, screenshots, AXE_TAGS } from './lib/browser.mjs';
import { searchChecks } from './lib/search.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
// Above this many pages, `--axe auto` runs axe on one page per URL shape only.
const AUTO_SAMPLE_ABOVE = 400;

/** Run every check; returns the report object (also written to <out>/report.json). */
export async function runChecks(opts) {
  const t0 = Date.now();
  const root = path.resolve(opts.public);
  if (!fs.existsSync(path.join(root, 'index.html'))) throw new UsageError(`${root}: no index.html — is this a built site?`);
  const { baseUrl, prefix } = opts.baseUrl
    ? { baseUrl: opts.baseUrl, prefix: prefixOf(opts.baseUrl) }
    : readBase(opts.siteYaml);
  const out = path.resolve(opts.out);
  const shotDir = path.join(out, 'screenshots');
  fs.rmSync(shotDir, { recursive: true, force: true });
  fs.mkdirSync(shotDir, { recursive: true });

  const files = walk(root);
  const htmlFiles = files.filter((f) => f.endsWith('.html'));
  const log = opts.quiet ? () => {} : (s) => process.stderr.write(s + '\n');
  log(`site-check: ${htmlFiles.length} pages in ${root}, mounted at ${prefix}`);

  const checks = {};
  const timings = {};
  const time = async (name, fn) => {
    const t = Date.now();
    const r = await fn();
    timings[name] = (Date.now() - t) / 1000;
    return r;
  };

  const hv = await time('html', () => validatePages(root, htmlFiles, opts.htmlvalidaterc));
  checks.html = {
    title: 'HTML validity (html-validate)',
    ok: hv.errors.length === 0,
    summary: `${htmlFiles.length} pages, ${hv.errors.length} errors, ${hv.warnings.length} warnings`,
    problems: hv.errors.map((e) => ({ where: `${e.page}:${e.line}:${e.column}`, what: `[${e.rule}] ${e.message}`, detail: e.selector, ...e })),
    warnings: hv.warnings,
    rules: countBy(hv.errors, (e) => e.rule),
  };

  const ln = await time('links', () => checkLinks(root, files, prefix, baseUrl));
  checks.links = {
    title: 'Internal links and anchors',
    ok: ln.errors.length === 0,
    summary: `${ln.checked} URLs checked, ${ln.errors.length} broken, ${ln.warnings.length} warnings`,
    problems: ln.errors.map((e) => ({ where: e.line ? `${e.page}:${e.line}` : e.page, what: `${e.link} — ${e.problem}`, ...e })),
    warnings: ln.warnings,
  };

  const server = await startServer(root, prefix);
  const browser = await launch();
  try {
    const pages = htmlFiles.filter((f) => f !== '404.html').map((f) => ({ file: f, url: urlOfFile(prefix, f) }));
    if (htmlFiles.includes('404.html')) pages.push({ file: '404.html', url: prefix + '404.html' });
    let mode = opts.axe;
    if (mode === 'auto') mode = pages.length > AUTO_SAMPLE_ABOVE ? 'sample' : 'all';
    let axeSet = pages;
    if (mode === 'sample') {
      const seen = new Map();
      for (const p of pages) {
        const s = shapeOf(prefix, p.url);
        if (!seen.has(s)) seen.set(s, p);
      }
      axeSet = [...seen.values()];
    }
    log(`site-check: axe-core on ${axeSet.length} of ${pages.length} pages (${mode})`);
    const ax = await time('axe', () => axePages(browser, server.origin, axeSet, opts.concurrency));
    const home = { file: 'index.html', url: prefix };
    const tg = await time('toggles', () => axeToggles(browser, server.origin, home, shotDir));
    const toggleViolations = tg.runs.flatMap((r) => r.violations);
    const all = [...ax.violations, ...toggleViolations];
    checks.axe = {
      title: `Accessibility (axe-core ${AXE_TAGS.join(', ')})`,
      ok: all.length === 0 && tg.problems.length === 0,
      summary:
        `${ax.checked} pages (${mode}), ${ax.violations.length} violations; ` +
        (tg.present.length ? `toggles ${tg.runs.map((r) => `${r.mode}: ${r.violations.length}`).join(', ')}` : 'no #a11y-contrast/#a11y-fontsize control on the home page'),
      problems: [
        ...all.map((v) => ({ where: v.page, what: `[${v.rule}, ${v.impact}] ${v.help}`, detail: `${v.target}  ${v.html}`, ...v })),
        ...tg.problems.map((p) => ({ where: p.page, what: p.problem, ...p })),
      ],
      toggles: { present: tg.present, runs: tg.runs.map((r) => ({ mode: r.mode, violations: r.violations.length })) },
      rules: countBy(all, (v) => v.rule),
    };
    checks.load = {
      title: 'Page loads (HTTP errors and JavaScript errors seen by the browser)',
      ok: ax.loadProblems.length === 0,
      summary: `${ax.loadProblems.length} problems`,
      problems: ax.loadProblems.map((p) => ({ where: p.page, what: p.problem, ...p })),
    };

    const targets = screenshotTargets(root, prefix, htmlFiles);
    const sh = await time('screenshots', () => screenshots(browser, server.origin, targets, shotDir));
    checks.screenshots = {
      title: 'Screenshots',
      ok: sh.problems.length === 0,
      summary: `${sh.shots.length} screenshots of ${targets.map((t) => t.name).join(', ')} in ${path.join(opts.out, 'screenshots')}`,
      problems: sh.problems.map((p) => ({ where: p.page, what: p.problem, ...p })),
      targets,
      files: sh.shots.map((f) => path.relative(out, f)),
    };
    const overflow = [...sh.overflow, ...tg.runs.map((r) => r.overflow).filter(Boolean)];
    checks.overflow = {
      title: 'Phone layout at 360px (viewport meta, no horizontal overflow)',
      ok: overflow.length === 0,
      summary: `${targets.length} pages${tg.runs.length ? ` + home with ${tg.runs.map((r) => r.mode).join(', ')}` : ''}, ${overflow.length} overflow`,
      problems: overflow.map((o) => ({
        where: o.page,
        what: o.problem || `horizontal overflow: scrollWidth ${o.scrollWidth} > innerWidth ${o.innerWidth}`,
        detail: o.problem ? null : o.offenders.map((x) => `${x.selector}${x.count > 1 ? ` ×${x.count}` : ''} (right edge ${x.right}px)`).join('; '),
        ...o,
      })),
    };
    if (opts.searchQueries && htmlFiles.includes('search/index.html')) {
      const queries = JSON.parse(fs.readFileSync(opts.searchQueries, 'utf8'));
      const sr = await time('search', () => searchChecks(browser, server.origin, prefix, queries));
      checks.search = {
        title: 'Search in the browser (typed queries find the right document)',
        ok: sr.problems.length === 0,
        summary: sr.results.map((r) => `“${r.q}” → ${r.rank ? `#${r.rank}` : 'not found'}`).join('; '),
        problems: sr.problems.map((p) => ({ where: p.page, what: p.problem, ...p })),
        results: sr.results,
      };
    }
  } finally {
    await browser.close();
    await server.close();
  }

  const report = {
    tool: 'gongkai site-check',
    public: root,
    prefix,
    baseUrl,
    pages: htmlFiles.length,
    ok: Object.values(checks).every((c) => c.ok),
    seconds: (Date.now() - t0) / 1000,
    timings,
    checks,
  };
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  return report;
}

function countBy(list, key) {
  const m = {};
  for (const x of list) m[key(x)] = (m[key(x)] || 0) + 1;
  return m;
}

/** Print the per-check summary with the first `show` problems of each. */
export function printSummary(report, show = 15, stream = process.stdout) {
  const w = (s) => stream.write(s + '\n');
  w('');
  for (const c of Object.values(report.checks)) {
    w(`${c.ok ? 'PASS' : 'FAIL'}  ${c.title}: ${c.summary}`);
    if (c.rules && Object.keys(c.rules).length) {
      w(`      by rule: ${Object.entries(c.rules).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ×${n}`).join(', ')}`);
    }
    // A theme fault repeats on every page: show each (problem, element) once, with the
    // first page it was seen on and how many pages share it.
    const groups = new Map();
    for (const p of c.problems) {
      const k = `${p.what}\u0000${p.detail || ''}`;
      if (!groups.has(k)) groups.set(k, { ...p, pages: new Set() });
      groups.get(k).pages.add(p.page ?? p.where);
    }
    const list = [...groups.values()].sort((a, b) => b.pages.size - a.pages.size);
    for (const g of list.slice(0, show)) {
      const more = g.pages.size > 1 ? `  [+${g.pages.size - 1} more page${g.pages.size > 2 ? 's' : ''}]` : '';
      w(`      ${g.where}: ${g.what}${more}`);
      if (g.detail) w(`          ${String(g.detail).replace(/\s+/g, ' ').slice(0, 240)}`);
    }
    if (list.length > show) w(`      … and ${list.length - show} more (see report.json)`);
  }
  const failed = Object.values(report.checks).filter((c) => !c.ok).length;
  w('');
  w(`site-check: ${failed ? `${failed} check(s) FAILED` : 'all checks passed'} in ${report.seconds.toFixed(1)}s; report: ${report.reportFile || 'report.json'}`);
}

class UsageError extends Error {}

async function main() {
  let args;
  try {
    ({ values: args } = parseArgs({
      options: {
        public: { type: 'string' },
        'site-yaml': { type: 'string' },
        'base-url': { type: 'string' },
        out: { type: 'string', default: 'site-check-out' },
        axe: { type: 'string', default: 'auto' },
        concurrency: { type: 'string', default: '3' },
        show: { type: 'string', default: '15' },
        quiet: { type: 'boolean', default: false },
        search: { type: 'string' },
      },
    }));
    if (!args.public) throw new UsageError('--public DIR is required');
    if (!args['site-yaml'] && !args['base-url']) throw new UsageError('--site-yaml FILE or --base-url URL is required');
    if (!['all', 'sample', 'auto'].includes(args.axe)) throw new UsageError('--axe must be all, sample or auto');
  } catch (e) {
    process.stderr.write(`site-check: ${e.message}\n`);
    process.exit(2);
  }
  let report;
  try {
    report = await runChecks({
      public: args.public,
      siteYaml: args['site-yaml'],
      baseUrl: args['base-url'],
      out: args.out,
      axe: args.axe,
      concurrency: Number(args.concurrency) || 3,
      quiet: args.quiet,
      htmlvalidaterc: path.join(HERE, '.htmlvalidaterc'),
      searchQueries: args.search,
    });
  } catch (e) {
    process.stderr.write(`site-check: ${e instanceof UsageError ? e.message : e.stack}\n`);
    process.exit(2);
  }
  report.reportFile = path.join(path.relative(process.cwd(), path.resolve(args.out)) || '.', 'report.json');
  printSummary(report, Number(args.show) || 15);
  process.exitCode = report.ok ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
