// Facts about the built site: its base path, its pages, and which pages stand
// for which page type.
import fs from 'node:fs';
import path from 'node:path';

/**
 * The path of base_url in site.yaml ("/xxgk/"), found with a regex so that no
 * YAML parser is needed. Returns { baseUrl, prefix }.
 */
export function readBase(siteYaml) {
  const text = fs.readFileSync(siteYaml, 'utf8');
  const m = text.match(/^base_url\s*:\s*["']?([^"'#\s]+)["']?\s*(?:#.*)?$/m);
  if (!m) throw new Error(`${siteYaml}: no top-level base_url found`);
  return { baseUrl: m[1], prefix: prefixOf(m[1]) };
}

/** Normalise a base path or URL to "/path/" form (always leading and trailing slash). */
export function prefixOf(urlOrPath) {
  let p = /^[a-z][a-z0-9+.-]*:/i.test(urlOrPath) ? new URL(urlOrPath).pathname : urlOrPath;
  if (!p.startsWith('/')) p = '/' + p;
  if (!p.endsWith('/')) p += '/';
  return p;
}

/** Every file under dir, as sorted paths relative to dir with "/" separators. */
export function walk(dir) {
  const out = [];
  const rec = (rel) => {
    for (const ent of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${ent.name}` : ent.name;
      if (ent.isDirectory()) rec(r);
      else out.push(r);
    }
  };
  rec('');
  return out.sort();
}

/** Site-absolute URL path (not percent-encoded) of an output file: "a/b/index.html" -> "/xxgk/a/b/". */
export function urlOfFile(prefix, rel) {
  const u = rel === 'index.html' ? '' : rel.endsWith('/index.html') ? rel.slice(0, -'index.html'.length) : rel;
  return prefix + u;
}

/** decodeURI that leaves malformed input as it is. */
export function safeDecode(u) {
  try {
    return decodeURI(u);
  } catch {
    return u;
  }
}

/**
 * The page type of a URL, for sampling: the first path segment kept, segments
 * with digits (years, page numbers, document slugs) folded to "{n}".
 */
export function shapeOf(prefix, urlPath) {
  const rest = urlPath.slice(prefix.length);
  const segs = rest.split('/');
  const trailing = segs[segs.length - 1] === '';
  const body = trailing ? segs.slice(0, -1) : segs;
  const shaped = body.map((s, i) => {
    if (/\d/.test(s)) return '{n}';
    if (i >= 2) return '*';
    return s;
  });
  return prefix + shaped.join('/') + (trailing && body.length ? '/' : '');
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Pick the pages to screenshot. Uses data/documents.json (fixed by the output
 * contract) to find a document page and its column listing, and falls back to
 * guesses from the page list. Returns [{ name, url }] (url is a site path).
 */
export function screenshotTargets(root, prefix, htmlFiles) {
  const urls = htmlFiles.map((f) => urlOfFile(prefix, f));
  const known = new Set(urls);
  const has = (u) => known.has(safeDecode(u));
  const targets = [{ name: 'home', url: prefix }];

  const docs = readJson(path.join(root, 'data/documents.json'));
  let doc = null;
  if (Array.isArray(docs) && docs.length) {
    const onSite = docs.filter((d) => d && typeof d.url === 'string' && has(joinUrl(prefix, d.url)));
    // Prefer the richest page: a normative document (fullest metadata table) with a 文号,
    // interpretations and attachments; among equals the newest id.
    const score = (d) =>
      (d.kind === '规范性文件' ? 8 : 0) +
      (d.doc_number ? 4 : 0) +
      (Array.isArray(d.interpretations) && d.interpretations.length ? 2 : 0) +
      (Array.isArray(d.attachments) && d.attachments.length ? 1 : 0);
    for (const d of onSite) if (!doc || score(d) >= score(doc)) doc = d;
  }
  let column = null;
  if (doc) {
    const docUrl = joinUrl(prefix, doc.url);
    if (doc.column && has(joinUrl(prefix, `/${doc.column}/`))) column = joinUrl(prefix, `/${doc.column}/`);
    else {
      const parent = docUrl.replace(/[^/]+\/?$/, '');
      if (parent.length > prefix.length && has(parent)) column = parent;
    }
    if (column) targets.push({ name: 'column', url: column });
    targets.push({ name: 'document', url: docUrl });
  } else {
    // No documents.json: the deepest directory page is likely a document, its parent a listing.
    const dirs = urls.filter((u) => u.endsWith('/') && u !== prefix);
    dirs.sort((a, b) => b.split('/').length - a.split('/').length || a.localeCompare(b));
    if (dirs[0]) {
      const parent = dirs[0].replace(/[^/]+\/$/, '');
      if (has(parent) && parent !== prefix) targets.push({ name: 'column', url: parent });
      targets.push({ name: 'document', url: dirs[0] });
    }
  }
  for (const [name, needle] of [
    ['normative-index', 'gfxwjql'],
    ['decision-catalog', 'zdjcml'],
    ['search', 'search'],
  ]) {
    const found = urls.filter((u) => u.slice(prefix.length).includes(needle)).sort((a, b) => a.length - b.length)[0];
    if (found) targets.push({ name, url: found });
  }
  // Requested at a URL that does not exist, so the server answers 404 with 404.html,
  // exactly as the web host will; this proves 404.html works from any depth.
  targets.push({ name: '404', url: prefix + 'site-check-no-such-page/deeper/', expectStatus: 404 });
  return targets;
}

/** Join the site prefix with a root-relative output URL ("/a/b/"). */
export function joinUrl(prefix, u) {
  return safeDecode(prefix + u.replace(/^\//, ''));
}
