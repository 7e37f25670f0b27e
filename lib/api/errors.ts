// Every error of /api/v1 has one JSON shape, `{ "error": { "code", "message", "details"? } }`, and a code that
// stays the same across releases, so scripts can branch on it; the message is for people.
export const API_ERRORS = {
  unauthorized: 401,
  forbidden: 403,
  insufficient_scope: 403,
  not_found: 404,
  method_not_allowed: 405,
  idempotency_key_in_use: 409,
  idempotency_key_reused: 422,
  validation_failed: 422,
  action_refused: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
} as const;
export type ApiErrorCode = keyof typeof API_ERRORS;

export type ApiErrorDetail = { path: string; message: string };

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: ApiErrorDetail[],
  ) {
    super(message);
    this.status = API_ERRORS[code];
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export const notFound = (what = "That resource") => new ApiError("not_found", `${what} was not found.`);
