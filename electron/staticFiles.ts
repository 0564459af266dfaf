import fs from 'node:fs/promises';
import path from 'node:path';

// Resolves a URL path to a file of the built renderer (out/renderer), for the app:// protocol and the
// headless host. Nothing outside the folder can be reached: the path is decoded once, normalised, and
// must stay inside the root; dot-files, NUL bytes and backslashes are refused; and the file's real
// path (every symlink resolved, the root's own included) must be inside the root's real path, so a
// symlink in the folder cannot lead out of it.

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export function mimeType(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export interface StaticFile {
  file: string;
  body: Buffer;
  contentType: string;
}

/** The file `urlPath` names under `root`; `/` and extension-less paths (client routes) give index.html. */
export async function readStaticFile(root: string, urlPath: string): Promise<StaticFile | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter(Boolean);
  if (segments.some((s) => s.startsWith('.'))) return null; // also refuses '..'
  const rel = segments.length === 0 || !path.extname(segments.at(-1)!) ? 'index.html' : segments.join('/');
  const absRoot = path.resolve(root);
  const file = path.resolve(absRoot, rel);
  if (file !== absRoot && !file.startsWith(absRoot + path.sep)) return null;
  try {
    const [realRoot, realFile] = await Promise.all([fs.realpath(absRoot), fs.realpath(file)]);
    if (!realFile.startsWith(realRoot + path.sep)) return null;
    const body = await fs.readFile(realFile);
    return { file, body, contentType: mimeType(file) };
  } catch {
    return null;
  }
}
