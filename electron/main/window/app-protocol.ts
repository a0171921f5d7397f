import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The scheme and host the renderer is served from; the only origin IPC accepts. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://shiftguard';
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/**
 * The renderer's Content-Security-Policy, sent as a response header on every app:// response
 * (the page also carries it as a meta tag). No inline script or style, no remote anything.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** True for a page of our own renderer (the IPC sender check). */
export function isAppUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const parsed = new URL(url);
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === 'shiftguard';
}

/**
 * The file an app:// URL names inside `root`, or null for another host, a path escaping the root
 * (.., encoded slashes) or an unknown file type. "/" is index.html.
 */
export function resolveAppFile(url: string, root: string): { file: string; contentType: string } | null {
  if (!isAppUrl(url)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  const base = path.resolve(root);
  const file = path.resolve(base, `.${path.posix.normalize(pathname)}`);
  if (!file.startsWith(base + path.sep)) return null;
  const contentType = TYPES[path.extname(file).toLowerCase()];
  return contentType ? { file, contentType } : null;
}

/** The app:// handler for protocol.handle: serves the built renderer with the CSP header. */
export function createAppProtocolHandler(root: string, read: (file: string) => Promise<Buffer> = (f) => readFile(f)): (request: Request) => Promise<Response> {
  return async (request) => {
    const target = resolveAppFile(request.url, root);
    if (!target || request.method !== 'GET') return new Response('not found', { status: 404 });
    let body: Buffer;
    try {
      body = await read(target.file);
    } catch {
      return new Response('not found', { status: 404 });
    }
    return new Response(new Uint8Array(body), {
      status: 200,
      headers: {
        'content-type': target.contentType,
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'cross-origin-opener-policy': 'same-origin',
      },
    });
  };
}
