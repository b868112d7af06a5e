// The dashboard webview's HTML shell: a strict Content-Security-Policy, one stylesheet and one nonce'd script. All
// content is built by the script from posted data, as DOM nodes with text (never HTML strings).

export interface DashboardHtmlOptions {
  /** webview.cspSource */
  cspSource: string;
  /** fresh per page load, from crypto.randomBytes */
  nonce: string;
  /** webview URI of dist/dashboard.js */
  scriptUri: string;
  /** webview URI of media/dashboard/styles.css */
  styleUri: string;
}

const escapeAttr = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The CSP: nothing by default; styles and images only from the extension's own files; scripts only with the nonce. */
export function dashboardCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
  ].join('; ');
}

export function dashboardHtml(o: DashboardHtmlOptions): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(o.nonce))
    throw new Error('dashboardHtml: the nonce must be at least 16 base64 characters');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(dashboardCsp(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(o.styleUri)}">
<title>Frugal: Cost Dashboard</title>
</head>
<body>
<main id="app" aria-busy="true"><p class="loading">Loading cost data…</p></main>
<script nonce="${escapeAttr(o.nonce)}" src="${escapeAttr(o.scriptUri)}"></script>
</body>
</html>
`;
}
