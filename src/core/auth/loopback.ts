// The loopback redirect of a native app's sign-in (RFC 8252 §7.3): a listener on 127.0.0.1 that
// waits for the browser to come back with `?code=…&state=…`, then answers with a short page.

import { createServer, type Server } from 'node:http';

export interface AuthorizationCallback {
  code: string;
  state?: string;
  /** RFC 9207 issuer identification, when the authorization server sends it. */
  iss?: string;
}

export interface LoopbackRedirect {
  /** The redirect URI to register and send: http://127.0.0.1:PORT/callback. */
  readonly redirectUrl: string;
  /** Resolves with the first callback carrying a code; rejects on an `error=` callback or `close()`. */
  readonly callback: Promise<AuthorizationCallback>;
  close(): void;
}

const PAGE_STYLE = 'font-family: system-ui, sans-serif; margin: 3em;';

function page(title: string, text: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body style="${PAGE_STYLE}"><h1>${title}</h1><p>${text}</p></body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Starts listening on an ephemeral loopback port. */
export async function startLoopbackRedirect(): Promise<LoopbackRedirect> {
  let settle!: { resolve(value: AuthorizationCallback): void; reject(error: Error): void };
  const callback = new Promise<AuthorizationCallback>((resolve, reject) => (settle = { resolve, reject }));
  // Nobody may be waiting yet when close() rejects.
  callback.catch(() => undefined);
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const code = url.searchParams.get('code');
    const error = url.searchParams.get('error');
    response.writeHead(code ? 200 : 400, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    if (code) {
      response.end(page('Signed in', 'MCP Session Inspector received the authorization. You can close this tab.'));
      settle.resolve({
        code,
        ...(url.searchParams.get('state') ? { state: url.searchParams.get('state') as string } : {}),
        ...(url.searchParams.get('iss') ? { iss: url.searchParams.get('iss') as string } : {}),
      });
      return;
    }
    const reason = error
      ? `${error}${url.searchParams.get('error_description') ? `: ${url.searchParams.get('error_description')}` : ''}`
      : 'the redirect carried no authorization code';
    response.end(page('Sign-in failed', escapeHtml(reason)));
    settle.reject(new Error(`the authorization server refused the sign-in: ${reason}`));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.unref();
  const port = (server.address() as { port: number }).port;
  return {
    redirectUrl: `http://127.0.0.1:${port}/callback`,
    callback,
    close() {
      settle.reject(new Error('sign-in cancelled'));
      server.close();
      server.closeAllConnections();
    },
  };
}
