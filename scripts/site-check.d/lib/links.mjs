// Internal link and anchor checker: every URL in every page (and in CSS, the
// sitemap, the feed and the data exports) that points inside the site must
// resolve to a file of the output; #fragments must match an id in the target.
import fs from 'node:fs';
import path from 'node:path';
import { Parser } from 'htmlparser2';
import { safeDecode, urlOfFile } from './site.mjs';

// Attributes holding a URL, by element. `sub` marks subresources the browser
// loads by itself: those must never come from another host (no third-party CDN).
const URL_ATTRS = {
  a: [['href']],
  area: [['href']],
  link: [['href', 'sub']],
  script: [['src', 'sub']],
  img: [['src', 'sub'], ['srcset', 'sub']],
  source: [['src', 'sub'], ['srcset', 'sub']],
  iframe: [['src', 'sub']],
  embed: [['src', 'sub']],
  object: [['data', 'sub']],
  audio: [['src', 'sub']],
  video: [['src', 'sub'], ['poster', 'sub']],
  track: [['src', 'sub']],
  input: [['src', 'sub'], ['formaction']],
  button: [['formaction']],
  form: [['action']],
  use: [['href', 'sub'], ['xlink:href', 'sub']],
  image: [['href', 'sub'], ['xlink:href', 'sub']],
};

const FAKE_ORIGIN = 'http://site-check.invalid';

/** A function mapping a character offset of `text` to its 1-based line. */
function lineIndex(text) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (index) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** Parse one HTML page: its ids, its URLs with line numbers, and its <base href>. */
export function scanHtml(text) {
  const ids = new Set();
  const urls = [];
  let base = null;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const start = parser.startIndex;
        if (attrs.id !== undefined) ids.add(attrs.id);
        if (name === 'a' && attrs.name !== undefined) ids.add(attrs.name);
        if (name === 'base' && attrs.href !== undefined && base === null) base = attrs.href;
        const spec = URL_ATTRS[name] || [];
        for (const [attr, kind] of spec) {
          if (attrs[attr] === undefined) continue;
          if (name === 'input' && attr === 'src' && (attrs.type || '').toLowerCase() !== 'image') continue;
          const sub = kind === 'sub' && !(name === 'link' && !isLoadedLink(attrs.rel));
          const values = attr === 'srcset' ? parseSrcset(attrs[attr]) : [attrs[attr]];
          for (const v of values) urls.push({ tag: name, attr, url: v, sub, start });
        }
        if (name === 'meta' && (attrs['http-equiv'] || '').toLowerCase() === 'refresh') {
          const m = /url\s*=\s*['"]?([^'"]+)/i.exec(attrs.content || '');
          if (m) urls.push({ tag: name, attr: 'content', url: m[1], sub: false, start });
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(text);
  parser.end();
  const lineAt = lineIndex(text);
  for (const u of urls) u.line = lineAt(u.start);
  return { ids, urls, base };
}

// <link rel> values whose href the browser fetches without a click.
function isLoadedLink(rel) {
  const r = (rel || '').toLowerCase().split(/\s+/);
  return r.some((x) => ['stylesheet', 'icon', 'preload', 'modulepreload', 'manifest', 'apple-touch-icon', 'mask-icon'].includes(x));
}

function parseSrcset(v) {
  return v
    .split(',')
    .map((s) => s.trim().split(/\s+/)[0])
    .filter(Boolean);
}

/**
 * Check the whole output directory.
 * files: every file (relative paths); prefix: "/xxgk/"; baseUrl: site.yaml base_url.
 * Returns { errors: [{page, line, link, problem}], warnings: [...], checked: n }.
 */
export function checkLinks(root, files, prefix, baseUrl) {
  const fileSet = new Set(files);
  const dirSet = new Set();
  for (const f of files) {
    const parts = f.split('/');
    for (let i = 1; i < parts.length; i++) dirSet.add(parts.slice(0, i).join('/'));
  }
  const htmlFiles = files.filter((f) => f.endsWith('.html'));
  const scans = new Map();
  for (const f of htmlFiles) scans.set(f, scanHtml(fs.readFileSync(path.join(root, f), 'utf8')));
  const siteOrigin = baseUrl && /^https?:/i.test(baseUrl) ? new URL(baseUrl).origin : null;

  const errors = [];
  const warnings = [];
  let checked = 0;

  // Resolve `raw` found in file `from` (whose URL is `fromUrl`), then report problems.
  const check = (from, line, raw, fromUrl, { sub = false, absoluteOnly = false } = {}) => {
    checked++;
    const err = (problem) => errors.push({ page: from, line, link: raw, problem });
    const warn = (problem) => warnings.push({ page: from, line, link: raw, problem });
    const v = raw.trim();
    if (v === '') return err('empty URL');
    if (/^javascript:/i.test(v)) return err('javascript: URL (the site must work without JavaScript)');
    if (/^(mailto|tel|data|sms):/i.test(v)) {
      if (/^(mailto|tel|sms):\s*$/i.test(v)) err('empty mailto:/tel: URL');
      return;
    }
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(v);
    if (scheme && !/^https?$/i.test(scheme[1])) return warn(`unchecked URL scheme ${scheme[1]}:`);
    if (absoluteOnly && !scheme) return err('relative URL where an absolute one is required');
    let u;
    try {
      u = new URL(v, FAKE_ORIGIN + encodeURI(fromUrl));
    } catch {
      return err('malformed URL');
    }
    if (/\s/.test(v)) err('whitespace inside URL (percent-encode it)');
    const external = u.origin !== FAKE_ORIGIN && !(siteOrigin && u.origin === siteOrigin && safeDecode(u.pathname).startsWith(prefix));
    if (external) {
      if (!/^https?:$/.test(u.protocol) || !u.hostname) return err('malformed external URL');
      if (/^(localhost|127\.|0\.0\.0\.0|\[::1\])/.test(u.hostname)) return err('link to a local development address');
      if (!u.hostname.includes('.') && !u.hostname.startsWith('[')) return err('external URL host has no dot');
      if (sub) err('subresource loaded from another host (no third-party CDN allowed)');
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(u.pathname);
    } catch {
      return err('malformed percent-encoding');
    }
    if (!pathname.startsWith(prefix)) {
      if (pathname + '/' === prefix) return; // the site root without its slash redirects
      return err(`points outside the site's base path ${prefix}`);
    }
    let rel = pathname.slice(prefix.length);
    let target;
    if (rel === '' || rel.endsWith('/')) {
      target = rel + 'index.html';
      if (!fileSet.has(target)) {
        return err(dirSet.has(rel.replace(/\/$/, '')) || rel === '' ? `directory has no index.html: ${target}` : `no such page: ${target}`);
      }
    } else if (fileSet.has(rel)) target = rel;
    else if (dirSet.has(rel) && fileSet.has(rel + '/index.html')) {
      target = rel + '/index.html';
      warn('directory link without trailing slash (relies on a server redirect)');
    } else return err(`no such file: ${rel}`);
    if (u.hash && u.hash !== '#') {
      let frag;
      try {
        frag = decodeURIComponent(u.hash.slice(1));
      } catch {
        return err('malformed percent-encoding in fragment');
      }
      const scan = scans.get(target);
      if (!scan) return warn('fragment on a non-HTML target not checked');
      if (!scan.ids.has(frag) && frag.toLowerCase() !== 'top') {
        err(target === from ? `no element with id="${frag}" on this page` : `no element with id="${frag}" in ${target}`);
      }
    }
  };

  for (const f of htmlFiles) {
    const scan = scans.get(f);
    let pageUrl = urlOfFile(prefix, f);
    if (scan.base !== null) {
      warnings.push({ page: f, line: null, link: scan.base, problem: '<base href> present; relative links resolve against it' });
      try {
        const b = new URL(scan.base, FAKE_ORIGIN + encodeURI(pageUrl));
        if (b.origin === FAKE_ORIGIN) pageUrl = safeDecode(b.pathname);
      } catch {
        errors.push({ page: f, line: null, link: scan.base, problem: 'malformed <base href>' });
      }
    }
    for (const u of scan.urls) check(f, u.line, u.url, pageUrl, { sub: u.sub });
  }

  // Stylesheets: url(...) and @import.
  for (const f of files.filter((x) => x.endsWith('.css'))) {
    const text = fs.readFileSync(path.join(root, f), 'utf8');
    const lineAt = lineIndex(text);
    const re = /url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3/g;
    let m;
    while ((m = re.exec(text))) {
      const raw = m[2] ?? m[4];
      if (/^data:/i.test(raw) || raw.startsWith('#')) continue;
      check(f, lineAt(m.index), raw, urlOfFile(prefix, f), { sub: true });
    }
  }

  // Sitemap and feed: absolute URLs that must point into the site.
  for (const f of ['sitemap.xml', 'feed.xml']) {
    if (!fileSet.has(f)) continue;
    const text = fs.readFileSync(path.join(root, f), 'utf8');
    const lineAt = lineIndex(text);
    const found = [];
    let inLoc = false;
    const parser = new Parser(
      {
        onopentag(name, attrs) {
          if (name === 'loc') inLoc = true;
          if (name === 'link' && attrs.href) found.push({ url: attrs.href, start: parser.startIndex });
        },
        ontext(t) {
          if (inLoc && t.trim()) found.push({ url: t.trim(), start: parser.startIndex });
        },
        onclosetag(name) {
          if (name === 'loc') inLoc = false;
        },
      },
      { xmlMode: true },
    );
    parser.write(text);
    parser.end();
    for (const x of found) {
      const line = lineAt(x.start);
      if (siteOrigin && !x.url.startsWith(new URL(baseUrl).origin + prefix) && !x.url.startsWith('urn:')) {
        // Feeds may link elsewhere (e.g. rel=related); sitemaps must not.
        if (f === 'sitemap.xml') errors.push({ page: f, line, link: x.url, problem: 'sitemap URL not under base_url' });
        continue;
      }
      check(f, line, x.url, urlOfFile(prefix, f), { absoluteOnly: true });
    }
  }

  // Data exports: every site URL they name must exist.
  for (const f of files.filter((x) => x.startsWith('data/') && x.endsWith('.json'))) {
    let data;
    try {
      data = JSON.parse(fs.readFileSync(path.join(root, f), 'utf8'));
    } catch (e) {
      errors.push({ page: f, line: null, link: '', problem: `invalid JSON: ${e.message}` });
      continue;
    }
    const visit = (v, key) => {
      if (typeof v === 'string') {
        if (['url', 'attachments', 'interpretations', 'interprets'].includes(key) && v.startsWith('/')) {
          check(f, null, prefix + v.slice(1), prefix);
        }
      } else if (Array.isArray(v)) v.forEach((x) => visit(x, key));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, k);
    };
    visit(data, null);
  }

  return { errors, warnings, checked };
}
