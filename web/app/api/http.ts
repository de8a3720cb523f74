/** The event dispatched on `window` when the server answers 401: ll-app shows the login screen. */
export const UNAUTHORIZED_EVENT = 'll-unauthorized';

/** An API error from the `{ error: { code, message } }` envelope (or the transport). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Query = Record<string, string | number | boolean | null | undefined>;

/**
 * A query string from the defined, non-empty values (with a leading '?', or '' when none).
 * @example qs({ site: 3, q: '', from: undefined }) // '?site=3'
 */
export function qs(params: Query | object): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** The fetch behind request() and requestText(): same-origin, errors as ApiError. */
async function send(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body: unknown,
  signal: AbortSignal | undefined,
): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      // Same-origin only: the browser adds Origin and Sec-Fetch-Site, which the CSRF check reads.
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'The server could not be reached.');
  }
  if (res.status === 401) window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
  if (!res.ok) {
    const env = (await res.json().catch(() => null)) as {
      error?: { code?: string; message?: string };
    } | null;
    throw new ApiError(
      res.status,
      env?.error?.code ?? 'http',
      env?.error?.message ?? `${res.status} ${res.statusText}`,
    );
  }
  return res;
}

/**
 * A same-origin JSON request to the API. Resolves with the parsed body (undefined for 204);
 * throws ApiError otherwise, after dispatching UNAUTHORIZED_EVENT on a 401.
 * @example const sites = await request<Site[]>('GET', '/api/sites');
 */
export async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  const res = await send(method, path, body, signal);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * A same-origin GET whose body is text (Markdown, plain text, an HTML fragment to show as code).
 * The caller renders it as text; errors as in request().
 * @example const md = await requestText('/privacy-notice?lang=en&format=md');
 */
export async function requestText(path: string, signal?: AbortSignal): Promise<string> {
  return (await send('GET', path, undefined, signal)).text();
}
