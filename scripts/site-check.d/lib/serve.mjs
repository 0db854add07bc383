// A tiny static file server that mounts the output directory at base_url's path,
// the way the production web host does, so root-relative links resolve exactly
// as they will in production.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
  '.gz': 'application/gzip',
};

/**
 * Start serving `root` under `prefix` (e.g. "/xxgk/") on 127.0.0.1, ephemeral port.
 * Resolves to { origin, baseUrl, close() }.
 */
export function startServer(root, prefix) {
  const rootReal = fs.realpathSync(root);
  const notFoundPage = path.join(rootReal, '404.html');

  const server = http.createServer((req, res) => {
    const send = (status, body, type, extra = {}) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...extra });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const notFound = () => {
      if (fs.existsSync(notFoundPage)) send(404, fs.readFileSync(notFoundPage), TYPES['.html']);
      else send(404, 'not found\n', TYPES['.txt']);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n', TYPES['.txt']);

    const url = new URL(req.url, 'http://127.0.0.1');
    let pathname;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return send(400, 'bad request\n', TYPES['.txt']);
    }
    if (pathname + '/' === prefix) return send(301, '', TYPES['.txt'], { location: prefix + url.search });
    if (!pathname.startsWith(prefix)) return notFound();
    const rel = pathname.slice(prefix.length);
    if (rel.split('/').some((seg) => seg === '..') || rel.includes('\0')) return notFound();
    let file = path.join(rootReal, rel);
    let stat;
    try {
      stat = fs.statSync(file);
    } catch {
      return notFound();
    }
    if (stat.isDirectory()) {
      // Like nginx/Apache: a directory without its trailing slash redirects.
      if (!pathname.endsWith('/')) {
        return send(301, '', TYPES['.txt'], { location: encodeURI(pathname + '/') + url.search });
      }
      file = path.join(file, 'index.html');
      if (!fs.existsSync(file)) return notFound();
    }
    // Never serve anything outside the output directory (symlinks included).
    const real = fs.realpathSync(file);
    if (real !== rootReal && !real.startsWith(rootReal + path.sep)) return notFound();
    const type = TYPES[path.extname(real).toLowerCase()] || 'application/octet-stream';
    send(200, fs.readFileSync(real), type);
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const origin = `http://127.0.0.1:${server.address().port}`;
      resolve({
        origin,
        baseUrl: origin + prefix,
        close: () =>
          new Promise((r) => {
            server.close(() => r());
            server.closeAllConnections();
          }),
      });
    });
  });
}
