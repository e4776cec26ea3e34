/**
 * The Content-Security-Policy for our own pages. Kept free of `electron` imports because the build
 * config imports it too: the same policy is sent as a response header by the main process and
 * written into the built index.html as a <meta> tag, since Electron does not reliably let
 * `webRequest` add headers to `file://` responses.
 */

type Directives = Record<string, string[]>;

const PRODUCTION: Directives = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  // React and the UI library set inline style attributes; inline <script> stays forbidden.
  'style-src': ["'self'", "'unsafe-inline'"],
  // blob: is how photos are shown (写真・添付): their bytes come over IPC and the page makes its own
  // object URL, so the blob store on disk needs no file: access and no custom protocol. blob: URLs can
  // only be minted by this page's own script, which script-src already limits to 'self'.
  // data: is only for the empty favicon (`<link rel="icon" href="data:,">`).
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

function serialise(directives: Directives): string {
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/**
 * `devServerUrl` is the Vite dev server (`ELECTRON_RENDERER_URL`), absent in production.
 * The dev page needs the HMR websocket and @vitejs/plugin-react's inline refresh preamble.
 */
export function contentSecurityPolicy(devServerUrl?: string): string {
  if (!devServerUrl) return serialise(PRODUCTION);
  const origin = new URL(devServerUrl);
  const ws = `${origin.protocol === 'https:' ? 'wss' : 'ws'}://${origin.host}`;
  return serialise({
    ...PRODUCTION,
    'script-src': ["'self'", "'unsafe-inline'"],
    'connect-src': ["'self'", origin.origin, ws],
  });
}

/** The <meta> form: browsers ignore `frame-ancestors` there and warn about it, so leave it out. */
export function contentSecurityPolicyForMeta(): string {
  const { 'frame-ancestors': _ignoredInMeta, ...rest } = PRODUCTION;
  return serialise(rest);
}
