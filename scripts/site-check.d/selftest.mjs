#!/usr/bin/env node
// Proves the checks cannot silently pass: runs them on selftest/good (must pass
// every check) and on selftest/bad (must fail each check, for the reasons planted
// there). Prints one line per assertion and "N passed, N failed".
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runChecks, printSummary } from './check.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({ options: { out: { type: 'string', default: 'site-check-out/selftest' } } });
const outRoot = path.resolve(args.out);

let passed = 0;
let failed = 0;
function expect(cond, what) {
  if (cond) passed++;
  else failed++;
  process.stdout.write(`${cond ? 'ok    ' : 'FAILED'} ${what}\n`);
}
const has = (list, pred) => list.some(pred);

async function run(name) {
  const dir = path.join(HERE, 'selftest', name);
  return runChecks({
    public: path.join(dir, 'public'),
    siteYaml: path.join(dir, 'site.yaml'),
    out: path.join(outRoot, name),
    axe: 'all',
    concurrency: 3,
    quiet: true,
    htmlvalidaterc: path.join(HERE, '.htmlvalidaterc'),
  });
}

// The clean site: no false positives.
const good = await run('good');
process.stdout.write('# selftest/good: every check must pass\n');
for (const [k, c] of Object.entries(good.checks)) expect(c.ok, `good: ${k} passes (${c.summary})`);
if (!good.ok) printSummary(good, 10);
expect(good.checks.axe.toggles.present.length === 2, 'good: both a11y toggles found and exercised');
expect(good.checks.screenshots.files.length === 14, 'good: 7 pages x 2 widths screenshotted');
expect(
  good.checks.screenshots.files.every((f) => fs.statSync(path.join(outRoot, 'good', f)).size > 1000),
  'good: screenshots are non-empty PNGs',
);

// The broken site: every planted fault is reported.
const bad = await run('bad');
const c = bad.checks;
process.stdout.write('# selftest/bad: every check must fail for the planted faults\n');
expect(!bad.ok, 'bad: report.ok is false');
const html = c.html.problems;
expect(has(html, (p) => p.page === 'fdzdgknr/gfxwj/index.html' && p.rule === 'no-implicit-close'), 'bad: html: <p> closed by </div> (no-implicit-close)');
expect(has(html, (p) => p.page === 'search/index.html' && p.rule === 'close-order'), 'bad: html: unclosed <div> (close-order)');
expect(has(html, (p) => p.page === 'index.html' && p.rule === 'wcag/h37'), 'bad: html: <img> without alt (wcag/h37)');
expect(has(html, (p) => p.page === 'zdjcml/index.html' && p.rule === 'missing-doctype'), 'bad: html: page without <!DOCTYPE html> (missing-doctype)');
const ln = c.links.problems;
const link = (page, url, re) => has(ln, (p) => p.page === page && p.link === url && re.test(p.problem));
expect(link('index.html', '/xxgk/nope/', /no such page/), 'bad: links: broken root-relative link');
expect(link('index.html', '#missing-anchor', /no element with id="missing-anchor"/), 'bad: links: broken same-page anchor');
expect(link('fdzdgknr/gfxwj/2021-3/index.html', '../#no-such-id', /no element with id="no-such-id" in fdzdgknr\/gfxwj\/index.html/), 'bad: links: broken anchor on a relative link to another page');
expect(link('index.html', '/other/page.html', /outside the site's base path/), 'bad: links: link outside base_url path');
expect(link('index.html', 'https://', /malformed/), 'bad: links: malformed external URL');
expect(link('index.html', 'https://cdn.example.com/jquery.min.js', /third-party/), 'bad: links: script from a third-party CDN');
expect(link('sitemap.xml', 'https://www.example.gov.cn/xxgk/gone/', /no such page/), 'bad: links: sitemap URL without a page');
expect(has(ln, (p) => p.page === 'data/documents.json' && /missing-attachment\.pdf/.test(p.link)), 'bad: links: data export names a missing attachment');
expect(ln.length === 8, `bad: links: exactly the 8 planted faults (got ${ln.length})`);
const ax = c.axe.problems;
expect(has(ax, (p) => p.page === 'index.html' && p.rule === 'image-alt'), 'bad: axe: image-alt on the home page');
expect(!has(ax, (p) => p.page === 'index.html' && p.rule === 'color-contrast'), 'bad: axe: no contrast fault before the toggle');
expect(has(ax, (p) => p.page === 'index.html [a11y-contrast on]' && p.rule === 'color-contrast'), 'bad: axe: contrast fault found after clicking #a11y-contrast');
expect(has(c.load.problems, (p) => /cdn\.example\.com/.test(p.problem)), 'bad: load: blocked third-party request reported');
expect(has(c.overflow.problems, (p) => p.page === '/xxgk/fdzdgknr/gfxwj/2021-3/' && /div#body/.test(p.detail || '')), 'bad: overflow: 900px element at 360px, culprit named');
expect(has(c.overflow.problems, (p) => p.page === '/xxgk/ [a11y-fontsize on]' && /nav/.test(p.detail || '')), 'bad: overflow: large-font mode overflows at 360px, culprit named');
expect(has(c.overflow.problems, (p) => p.page === '/xxgk/gfxwjql/' && /viewport/.test(p.problem || '')), 'bad: phone: page without a viewport meta');
expect(c.overflow.problems.length === 4, `bad: phone: only the 4 planted faults (got ${c.overflow.problems.length})`);
expect(fs.existsSync(path.join(outRoot, 'bad', 'report.json')), 'bad: report.json written');

// The command line turns a failed check into a non-zero exit status.
const cli = spawnSync(
  process.execPath,
  [path.join(HERE, 'check.mjs'), '--public', path.join(HERE, 'selftest/bad/public'), '--site-yaml', path.join(HERE, 'selftest/bad/site.yaml'), '--out', path.join(outRoot, 'bad-cli'), '--axe', 'sample', '--quiet'],
  { encoding: 'utf8' },
);
expect(cli.status === 1, `bad: check.mjs exits 1 (got ${cli.status})`);
expect(/FAIL +Internal links/.test(cli.stdout) && /index\.html:\d+: \/xxgk\/nope\//.test(cli.stdout), 'bad: summary names the page, line and link');

process.stdout.write(`\nselftest: ${passed} passed, ${failed} failed\n`);
process.exitCode = failed ? 1 : 0;
