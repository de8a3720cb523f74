/** Small HTTP helpers for the ingest routes. */

/** Reads a request body up to `max` bytes; null when it is larger (the rest is not read). */
export async function readCapped(request: Request, max: number): Promise<string | null> {
  const declared = request.headers.get('content-length');
  if (declared !== null) {
    if (!(Number(declared) <= max)) return null;
    // A declared length within the cap: the server reads no more than that, so take it whole
    // (about twice as fast as pulling chunks through a stream reader).
    return request.text();
  }
  // Chunked: count as it comes and stop reading past the cap.
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** Content types a beacon may come as: text/plain (fetch without preflight, sendBeacon) or JSON. */
export function beaconContentTypeOk(contentType: string | null): boolean {
  if (!contentType) return true; // some sendBeacon paths omit it; the body is still validated
  const type = contentType.split(';')[0].trim().toLowerCase();
  return type === 'text/plain' || type === 'application/json';
}

/** The 1×1 transparent GIF for the <noscript> pixel. */
export const PIXEL = Uint8Array.from(
  atob('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7'),
  (c) => c.charCodeAt(0),
);
