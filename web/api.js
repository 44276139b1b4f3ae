// The sign-up request and the reading of its response. Every outcome, including a network
// failure, is returned as a plain object with a `kind`, so the page never has to catch.

export const CREATE_USER_URL = '/createUser';
export const REQUEST_TIMEOUT_MS = 15_000;

const PROBLEM_JSON = 'application/problem+json';

/**
 * Sends `POST /createUser` and resolves to one of these outcomes:
 * - `{ kind: 'created', user, requestId }` for a 2xx response. `user` contains the body's
 *   `username` and `email` when the body has them.
 * - `{ kind: 'rejected', status, problem, requestId, retryAfter }` for any other response.
 *   `problem` is the parsed body, or null when it was not a JSON object.
 * - `{ kind: 'timeout' }` when no response arrived within `timeoutMs`.
 * - `{ kind: 'network' }` when the request could not be sent or the connection failed.
 * `retryAfter` is the `Retry-After` header as a Date, or null.
 */
export async function createUser(fields, { idempotencyKey, timeoutMs = REQUEST_TIMEOUT_MS } = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let response;
  try {
    response = await fetch(CREATE_USER_URL, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: `application/json, ${PROBLEM_JSON}`,
        'Idempotency-Key': idempotencyKey,
      },
      body: JSON.stringify({
        username: fields.username,
        email: fields.email,
        password: fields.password,
      }),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: controller.signal,
    });
  } catch (error) {
    clearTimeout(timer);
    return { kind: controller.signal.aborted ? 'timeout' : 'network', error };
  }

  // The timer stays armed while the body downloads, so a stalled body also times out.
  const body = await readJson(response);
  clearTimeout(timer);
  if (body.aborted) {
    return { kind: 'timeout' };
  }

  const requestId = (typeof body.value?.requestId === 'string' && body.value.requestId)
    || response.headers.get('apigw-requestid')
    || null;

  if (response.ok) {
    return { kind: 'created', user: pickUser(body.value), requestId };
  }

  return {
    kind: 'rejected',
    status: response.status,
    problem: isObject(body.value) ? body.value : null,
    requestId,
    retryAfter: parseRetryAfter(response.headers.get('retry-after')),
  };
}

/** Reads a JSON body. `value` is null when the body is empty, not JSON, or cut off. */
async function readJson(response) {
  let text;
  try {
    text = await response.text();
  } catch (error) {
    return { value: null, aborted: error?.name === 'AbortError' };
  }

  try {
    return { value: JSON.parse(text), aborted: false };
  } catch {
    return { value: null, aborted: false };
  }
}

function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pickUser(body) {
  if (!isObject(body)) {
    return {};
  }

  const user = {};
  if (typeof body.username === 'string') {
    user.username = body.username;
  }

  if (typeof body.email === 'string') {
    user.email = body.email;
  }

  return user;
}

/**
 * Converts a `Retry-After` value (RFC 9110: delay in seconds, or an HTTP date) to the moment
 * after which a retry is welcome, or null when the header is missing or invalid.
 */
export function parseRetryAfter(value, now = Date.now()) {
  if (value === null || value === undefined) {
    return null;
  }

  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    return new Date(now + Number(trimmed) * 1000);
  }

  // Date.parse alone is lenient ("-5" parses as a year), so only dates in GMT, as HTTP sends
  // them, are passed on to it.
  const date = /^[A-Za-z]{3,9}, .+ GMT$/.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  return Number.isNaN(date) ? null : new Date(date);
}
