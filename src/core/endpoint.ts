// The one rule for where a base URL points, used by the send guard (src/vscode/guard.ts: plain http to another host
// needs the user's confirmation) and the provider client (a loopback server needs no API key). One function, so
// the two cannot disagree about an address again (`http://0.0.0.0` once warned in one and needed no key in the other).

/**
 * A loopback address: `localhost`, 127.0.0.0/8, `::1`, or `0.0.0.0` (which a client connects to on this machine).
 * Names under `.localhost` are not taken: whether they stay on the machine depends on the resolver.
 */
export function isLoopback(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return false;
  }
  return host === 'localhost' || host === '::1' || host === '0.0.0.0' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** http:// in any letter case (URL schemes are case-insensitive). */
export function isPlainHttp(url: string): boolean {
  try {
    return new URL(url).protocol === 'http:';
  } catch {
    return false;
  }
}

/** Plain http to a host that is not this machine: readable on the way, so the user confirms it first. */
export function leavesMachineUnencrypted(url: string): boolean {
  return isPlainHttp(url) && !isLoopback(url);
}
