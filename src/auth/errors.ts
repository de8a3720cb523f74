/** The error codes auth answers with, and their HTTP status. */
export const AUTH_STATUS = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
} as const;
export type AuthErrorCode = keyof typeof AUTH_STATUS;

/**
 * An expected failure with a client-safe message. Elysia calls `toResponse()` wherever it is
 * thrown (derive, beforeHandle, handler), so it always leaves as the `{ error: { code, message } }`
 * envelope, whichever app mounts the routes, and never reaches the app's 500 handler.
 * @example throw new AuthError('forbidden', 'admins only')
 */
export class AuthError extends Error {
  readonly status: number;

  constructor(
    readonly code: AuthErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = AUTH_STATUS[code];
  }

  toResponse(): Response {
    return Response.json(
      { error: { code: this.code, message: this.message } },
      { status: this.status, headers: { 'cache-control': 'no-store', ...this.headers } },
    );
  }
}

/** The error envelope as a Response (for Elysia's own validation and parse errors). */
export function errorResponse(code: AuthErrorCode, message: string): Response {
  return new AuthError(code, message).toResponse();
}

/**
 * What a failed validation tells the client: the failing schema's own `error` text when it has
 * one (`t.String({ format: 'date', error: 'from must be a date (YYYY-MM-DD)' })`; Elysia hands it
 * over as `customError`), else `fallback`. Never Elysia's message: that dumps the schema and the
 * offending value. Only static strings are used as `error` options, so nothing sent is echoed.
 * @example validationMessage(error) // 'site must be a site id'
 */
export function validationMessage(error: unknown, fallback = 'invalid request'): string {
  const custom = (error as { customError?: unknown } | null)?.customError;
  return typeof custom === 'string' ? custom : fallback;
}

/**
 * Elysia's own VALIDATION and PARSE errors as the 400 envelope, anything else undefined: for a
 * module's onError. The app maps them too, but a module mounted on its own (tests, /api/v1) must
 * not answer with Elysia's dump of the schema and the offending value.
 * @example new Elysia().onError(({ code, error }) => inputErrorResponse(code, error))
 */
export function inputErrorResponse(code: unknown, error?: unknown): Response | undefined {
  if (code === 'VALIDATION') return errorResponse('invalid', validationMessage(error));
  if (code === 'PARSE') return errorResponse('invalid', 'malformed request body');
  return undefined;
}
