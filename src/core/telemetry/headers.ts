// OTLP exporter headers as people write them: the OTEL_EXPORTER_OTLP_HEADERS form "key=value,key2=value2" (values
// may be percent-encoded), or a JSON object. Pure; the text itself lives in SecretStorage.

/** Parsed headers, or an error naming what is wrong (never echoing a value: it may be a token). */
export function parseOtlpHeaders(text: string): { headers: Record<string, string> } | { error: string } {
  const t = text.trim();
  if (!t) return { headers: {} };
  const headers: Record<string, string> = {};
  const name = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
  if (t.startsWith('{')) {
    let obj: unknown;
    try {
      obj = JSON.parse(t);
    } catch {
      return { error: 'not valid JSON' };
    }
    if (!obj || typeof obj !== 'object' || Array.isArray(obj))
      return { error: 'a JSON object of header names to values is expected' };
    for (const [k, v] of Object.entries(obj)) {
      if (!name.test(k)) return { error: `"${k.slice(0, 40)}" is not a header name` };
      if (typeof v !== 'string') return { error: `the value of ${k} must be a string` };
      headers[k.toLowerCase()] = v;
    }
    return { headers };
  }
  for (const part of t.split(',')) {
    if (!part.trim()) continue;
    const eq = part.indexOf('=');
    if (eq <= 0) return { error: 'expected key=value pairs separated by commas' };
    const k = part.slice(0, eq).trim();
    if (!name.test(k)) return { error: `"${k.slice(0, 40)}" is not a header name` };
    let v = part.slice(eq + 1).trim();
    try {
      v = decodeURIComponent(v);
    } catch {
      /* kept as written */
    }
    headers[k.toLowerCase()] = v;
  }
  return { headers };
}
