// Wires the sign-up form: field checks on blur and submit, the password toggle, the request,
// and the success, field-error and summary views.

import { checkEmail, checkPassword, checkUsername } from './rules.js';
import { createUser, REQUEST_TIMEOUT_MS } from './api.js';

const FIELDS = ['username', 'email', 'password'];

const form = document.getElementById('signup-form');
const submitButton = document.getElementById('submit');
const summary = document.getElementById('form-error');
const passwordInput = document.getElementById('password');
const passwordToggle = document.getElementById('password-toggle');

const state = {
  inFlight: false,
  // Fields whose errors update as the user types, which are those left once or submitted.
  touched: new Set(),
  edited: new Set(),
  // Server errors per field, kept until the value they were given for changes.
  serverErrors: new Map(),
  // The key of a request whose outcome is unknown (timeout, network error, 5xx, or an earlier
  // attempt still in progress), kept so that a retry of the same values carries the same
  // Idempotency-Key. A 5xx counts because a gateway timeout or a crash can follow a commit.
  pendingRetry: null,
};

function fieldInput(field) {
  return document.getElementById(field);
}

function readValues() {
  return Object.fromEntries(FIELDS.map((field) => [field, fieldInput(field).value]));
}

function checkField(field, values) {
  switch (field) {
    case 'username':
      return checkUsername(values.username);
    case 'email':
      return checkEmail(values.email);
    default:
      return checkPassword(values.password, values);
  }
}

function showFieldErrors(field, errors) {
  const input = fieldInput(field);
  const container = document.getElementById(`${field}-error`);
  const text = errors.map((error) => error.message).join('\n');

  // Rewriting an unchanged live region would make screen readers repeat it on every keystroke.
  if (container.dataset.renderedText === text) {
    return;
  }

  container.dataset.renderedText = text;
  container.replaceChildren(...errors.map((error) => {
    const message = document.createElement('p');
    message.textContent = error.message;
    message.dataset.code = error.code;
    return message;
  }));

  if (errors.length > 0) {
    input.setAttribute('aria-invalid', 'true');
  } else {
    input.removeAttribute('aria-invalid');
  }
}

/** Shows the field's own check results, or the server's errors while its value is unchanged. */
function refreshField(field, values = readValues()) {
  let errors = checkField(field, values);
  const fromServer = state.serverErrors.get(field);
  if (errors.length === 0 && fromServer?.value === values[field]) {
    errors = fromServer.errors;
  }

  showFieldErrors(field, errors);
  return errors;
}

function handleFocusOut(event) {
  const field = event.target.name;
  if (!FIELDS.includes(field)) {
    return;
  }

  // Tabbing through an empty field that was never edited is not worth an error.
  if (event.target.value === '' && !state.edited.has(field)) {
    return;
  }

  state.touched.add(field);

  // Focus moving to the submit button means a click is under way. Showing the error now would move the button
  // down before the mouse button is released, and the click would be lost. The submit shows every error anyway.
  if (event.relatedTarget === submitButton) {
    return;
  }

  refreshField(field);
}

function handleInput(event) {
  const field = event.target.name;
  if (!FIELDS.includes(field)) {
    return;
  }

  state.edited.add(field);
  const values = readValues();
  if (state.touched.has(field)) {
    refreshField(field, values);
  }

  // The password may not contain the username or the email, so its errors follow them.
  if (field !== 'password' && state.touched.has('password')) {
    refreshField('password', values);
  }
}

function setPasswordVisible(visible) {
  passwordInput.type = visible ? 'text' : 'password';
  passwordToggle.setAttribute('aria-pressed', String(visible));
  passwordToggle.querySelector('.toggle-label').textContent = visible ? 'Hide' : 'Show';
}

function setBusy(busy) {
  state.inFlight = busy;
  form.setAttribute('aria-busy', String(busy));
  submitButton.disabled = busy;
  submitButton.querySelector('.submit-label').textContent = busy ? 'Creating account…' : 'Create account';
}

function hideSummary() {
  summary.hidden = true;
  summary.replaceChildren();
}

function paragraph(text, className) {
  const element = document.createElement('p');
  element.textContent = text;
  if (className) {
    element.className = className;
  }

  return element;
}

/** Fills the error summary at the top of the form and moves focus to it. */
function showSummary({ title, detail, retryAt, requestId }) {
  const parts = [paragraph(title, 'summary-title')];
  if (detail) {
    parts.push(paragraph(detail));
  }

  if (retryAt) {
    parts.push(paragraph(describeRetryAt(retryAt)));
  }

  if (requestId) {
    const reference = paragraph('If this keeps happening, quote request ID ', 'summary-reference');
    const code = document.createElement('code');
    code.textContent = requestId;
    reference.append(code, '.');
    parts.push(reference);
  }

  summary.replaceChildren(...parts);
  summary.hidden = false;
  summary.focus();
}

function describeRetryAt(retryAt, now = Date.now()) {
  const seconds = Math.ceil((retryAt.getTime() - now) / 1000);
  if (seconds <= 0) {
    return 'You can try again now.';
  }

  if (seconds < 90) {
    return `Please try again in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`;
  }

  if (seconds < 60 * 60) {
    return `Please try again in ${Math.round(seconds / 60)} minutes.`;
  }

  const time = retryAt.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return `Please try again after ${time}.`;
}

function focusFirstInvalid(errorsByField) {
  const first = FIELDS.find((field) => errorsByField[field]?.length > 0);
  if (first) {
    fieldInput(first).focus();
  }
}

function showSuccess(user, submitted) {
  document.getElementById('success-username').textContent = user.username ?? submitted.username;
  document.getElementById('success-email').textContent = user.email ?? submitted.email.trim();

  // Clear the password from the page now that it is no longer needed.
  setPasswordVisible(false);
  form.reset();

  document.getElementById('signup').hidden = true;
  document.getElementById('success').hidden = false;
  document.title = 'Account created · Signup';
  document.getElementById('success-heading').focus();
}

/** Picks out the field errors of a problem details body that the form has a place for. */
function fieldErrorsOf(problem) {
  const errors = problem?.errors;
  if (typeof errors !== 'object' || errors === null) {
    return {};
  }

  const result = {};
  for (const field of FIELDS) {
    const list = Array.isArray(errors[field]) ? errors[field] : [];
    const usable = list
      .filter((error) => typeof error?.message === 'string' && error.message !== '')
      .map((error) => ({ code: String(error.code ?? ''), message: error.message }));
    if (usable.length > 0) {
      result[field] = usable;
    }
  }

  return result;
}

const STATUS_TEXT = {
  400: ['The request was not accepted.', 'Check the form and try again.'],
  409: ['That account already exists.', 'Choose another username or email address.'],
  413: ['The request is too large.', 'Shorten the values and try again.'],
  415: ['The request was sent in a format the server does not accept.', 'Reload the page and try again.'],
  422: ['The request was not accepted.', 'Check the form and try again.'],
  429: ['Too many sign-up attempts right now.', null],
  503: ['The service is unavailable at the moment.', null],
};

// A 409 of this type means an earlier attempt with the same Idempotency-Key is still running, not that the
// account exists, so the page keeps the key for the retry.
const KEY_IN_PROGRESS = '/problems/idempotency-key-in-progress';

function isKeyInProgress(outcome) {
  return outcome.kind === 'rejected' && outcome.problem?.type === KEY_IN_PROGRESS;
}

function describeRejection({ status, problem }) {
  if (problem?.type === KEY_IN_PROGRESS) {
    return {
      title: 'Your earlier attempt is still being processed.',
      detail: 'Wait a moment, then select Create account to try again.',
    };
  }

  const [title, fallbackDetail] = STATUS_TEXT[status]
    ?? (status >= 500
      ? ['Something went wrong on our side.', 'Please try again in a moment.']
      : [`The request failed (HTTP ${status}).`, null]);
  const detail = typeof problem?.detail === 'string' && problem.detail !== ''
    ? problem.detail
    : fallbackDetail;
  if (problem === null) {
    return { title, detail: `The server sent an unexpected response (HTTP ${status}).` };
  }

  return { title, detail };
}

function handleRejection(outcome, values) {
  const errorsByField = fieldErrorsOf(outcome.problem);
  if (Object.keys(errorsByField).length > 0 && outcome.status < 500) {
    for (const [field, errors] of Object.entries(errorsByField)) {
      state.serverErrors.set(field, { value: values[field], errors });
      state.touched.add(field);
      refreshField(field, values);
    }

    focusFirstInvalid(errorsByField);
    return;
  }

  const { title, detail } = describeRejection(outcome);
  const retryAt = outcome.status === 429 || outcome.status === 503 || isKeyInProgress(outcome)
    ? outcome.retryAfter
    : null;
  showSummary({ title, detail, retryAt, requestId: outcome.requestId });
}

/** Returns a random version 4 UUID, also where crypto.randomUUID is missing (plain-HTTP pages). */
function newIdempotencyKey() {
  if (typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }

  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function sameValues(a, b) {
  return FIELDS.every((field) => a[field] === b[field]);
}

async function handleSubmit(event) {
  event.preventDefault();

  // The disabled button stops clicks, but Enter in a field or a fast double click can still
  // fire a second submit event before the first one has disabled it.
  if (state.inFlight) {
    return;
  }

  // Only the page's own checks may block a submit, because the server may respond differently now.
  hideSummary();
  state.serverErrors.clear();
  const values = readValues();
  const errorsByField = {};
  for (const field of FIELDS) {
    state.touched.add(field);
    const errors = refreshField(field, values);
    if (errors.length > 0) {
      errorsByField[field] = errors;
    }
  }

  if (Object.keys(errorsByField).length > 0) {
    focusFirstInvalid(errorsByField);
    return;
  }

  const retry = state.pendingRetry;
  const idempotencyKey = retry && sameValues(retry.values, values) ? retry.key : newIdempotencyKey();

  setBusy(true);
  const outcome = await createUser(values, { idempotencyKey });
  setBusy(false);

  const outcomeUnknown = outcome.kind === 'timeout'
    || outcome.kind === 'network'
    || (outcome.kind === 'rejected' && outcome.status >= 500)
    || isKeyInProgress(outcome);
  state.pendingRetry = outcomeUnknown ? { key: idempotencyKey, values } : null;

  switch (outcome.kind) {
    case 'created':
      showSuccess(outcome.user, values);
      break;
    case 'rejected':
      handleRejection(outcome, values);
      break;
    case 'timeout':
      showSummary({
        title: `The request timed out after ${REQUEST_TIMEOUT_MS / 1000} seconds.`,
        detail: 'Check your connection, then select Create account to try again.',
      });
      break;
    default:
      showSummary({
        title: 'The request could not be sent.',
        detail: 'Check your connection, then select Create account to try again.',
      });
      break;
  }
}

form.addEventListener('focusout', handleFocusOut);
form.addEventListener('input', handleInput);
form.addEventListener('submit', handleSubmit);
passwordToggle.addEventListener('click', () => {
  setPasswordVisible(passwordToggle.getAttribute('aria-pressed') !== 'true');
});
