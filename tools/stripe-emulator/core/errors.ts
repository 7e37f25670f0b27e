// Stripe-shaped errors: `{ error: { type, code, message, param, decline_code } }` with the matching status.
// https://docs.stripe.com/api/errors
// https://docs.stripe.com/error-codes

export type StripeErrorType = "api_error" | "card_error" | "idempotency_error" | "invalid_request_error";

export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  param?: string;
  decline_code?: string;
  doc_url?: string;
}

export class StripeApiError extends Error {
  readonly status: number;
  readonly body: StripeErrorBody;
  constructor(status: number, body: StripeErrorBody) {
    super(body.message);
    this.status = status;
    this.body = body;
  }
}

function docUrl(code: string): string {
  return `https://docs.stripe.com/error-codes/${code.replaceAll("_", "-")}`;
}

export function invalidRequest(
  message: string,
  opts: { code?: string; param?: string; status?: number } = {},
): StripeApiError {
  const body: StripeErrorBody = { type: "invalid_request_error", message };
  if (opts.code) {
    body.code = opts.code;
    body.doc_url = docUrl(opts.code);
  }
  if (opts.param) body.param = opts.param;
  return new StripeApiError(opts.status ?? 400, body);
}

export function parameterUnknown(param: string): StripeApiError {
  return invalidRequest(`Received unknown parameter: ${param}`, { code: "parameter_unknown", param });
}

export function parameterMissing(param: string): StripeApiError {
  return invalidRequest(`Missing required param: ${param}.`, { code: "parameter_missing", param });
}

export function parameterInvalid(param: string, message: string, code?: string): StripeApiError {
  return invalidRequest(message, { code, param });
}

// https://docs.stripe.com/error-codes/resource-missing
export function resourceMissing(kind: string, id: string, param = "id"): StripeApiError {
  return invalidRequest(`No such ${kind}: '${id}'`, { code: "resource_missing", param, status: 404 });
}

// https://docs.stripe.com/declines/codes and https://docs.stripe.com/error-codes/card-declined
export function cardDeclined(declineCode = "generic_decline", message = "Your card was declined."): StripeApiError {
  return new StripeApiError(402, {
    type: "card_error",
    code: "card_declined",
    decline_code: declineCode,
    message,
    doc_url: docUrl("card_declined"),
  });
}

// https://docs.stripe.com/api/idempotent_requests
export function idempotencyError(message: string, status = 400): StripeApiError {
  return new StripeApiError(status, { type: "idempotency_error", message });
}

// https://docs.stripe.com/api/authentication
export function authenticationError(message: string): StripeApiError {
  return new StripeApiError(401, { type: "invalid_request_error", message });
}

// Anything the emulator does not implement answers with a Stripe-shaped error, never a silent success.
export function notImplemented(what: string): StripeApiError {
  return invalidRequest(`The Stripe emulator does not implement ${what}.`, { code: "emulator_not_implemented" });
}

export function unrecognizedUrl(method: string, path: string): StripeApiError {
  return invalidRequest(
    `Unrecognized request URL (${method}: ${path}). Please see https://docs.stripe.com/api or the emulator's scope in STRIPE-EMULATOR.md.`,
    { status: 404 },
  );
}
