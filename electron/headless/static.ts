import type { IncomingMessage, ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from '../csp.ts';
import { readStaticFile } from '../staticFiles.ts';

/**
 * The built renderer (out/renderer). These files hold no data, so they are served without the token
 * (the page itself is opened as /?token=… and keeps the token for its API calls), but always with the
 * strict CSP and the other security headers, and only after the Host check.
 */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, pathname: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...SECURITY_HEADERS, Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Method not allowed\n');
    return;
  }
  const file = await readStaticFile(root, pathname);
  if (!file && pathname === '/favicon.ico') {
    // Browsers ask for it on their own; answering "nothing" keeps the console clean.
    res.writeHead(204, { ...SECURITY_HEADERS, 'Cache-Control': 'no-store' });
    res.end();
    return;
  }
  if (!file) {
    const notBuilt = pathname === '/' || pathname === '/index.html';
    res.writeHead(notBuilt ? 503 : 404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(notBuilt ? 'The renderer is not built yet: run `npm run build:renderer`, then reload.\n' : 'Not found\n');
    return;
  }
  const hashed = pathname.startsWith('/assets/');
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': file.contentType,
    'Content-Length': file.body.length,
    // Vite's assets/ carry a content hash in their names; everything else (the HTML) must be fresh.
    'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : file.body);
}
