// Client-side checks for quick feedback. They follow the server's rules, but the server stays
// the authority: a form that passes these checks is always submitted, and whatever the server
// rejects is shown next to the field as well.

export const USERNAME_MIN_LENGTH = 3;
export const USERNAME_MAX_LENGTH = 32;
export const EMAIL_MAX_LENGTH = 254;
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

// Usernames and email local parts shorter than this are too common to forbid inside a password.
const CONTAINED_MIN_LENGTH = 4;

// Combining marks are allowed after letters, as Devanagari, Thai and other scripts need them.
const USERNAME_CHARACTERS = /^[\p{L}\p{N}][\p{L}\p{M}\p{N}._-]*$/u;
const USERNAME_SEPARATOR_MISPLACED = /^[._-]|[._-]$|[._-]{2}/u;
const CONTROL_CHARACTER = /\p{Cc}/u;

/** Counts Unicode code points, so that a letter outside the BMP counts once, as on the server. */
export function codePointLength(text) {
  return [...text].length;
}

/** Returns the form in which usernames are compared: NFC, then lower case. */
export function normalizeUsername(username) {
  return username.normalize('NFC').toLowerCase();
}

/** Splits a trimmed email at its only `@`, or returns null when it has none or several. */
function splitEmail(email) {
  const parts = email.trim().split('@');
  return parts.length === 2 ? { local: parts[0], domain: parts[1] } : null;
}

/** Returns the username's errors as `{ code, message }` objects, or an empty array. */
export function checkUsername(username) {
  if (username === '') {
    return [{ code: 'UsernameRequired', message: 'Enter a username.' }];
  }

  const errors = [];
  const normalized = normalizeUsername(username);
  const length = codePointLength(normalized);
  if (length < USERNAME_MIN_LENGTH || length > USERNAME_MAX_LENGTH) {
    errors.push({
      code: 'UsernameLength',
      message: `Use ${USERNAME_MIN_LENGTH} to ${USERNAME_MAX_LENGTH} characters (this one has ${length}).`,
    });
  }

  if (USERNAME_SEPARATOR_MISPLACED.test(normalized)) {
    errors.push({
      code: 'UsernameSeparator',
      message: 'Put dots, underscores and hyphens only between letters or digits, never two in a row.',
    });
  } else if (!USERNAME_CHARACTERS.test(normalized)) {
    errors.push({
      code: 'UsernameCharacters',
      message: 'Use only letters, digits, dots (.), underscores (_) and hyphens (-).',
    });
  }

  return errors;
}

/** Returns the email's errors as `{ code, message }` objects, or an empty array. */
export function checkEmail(email) {
  const trimmed = email.trim();
  if (trimmed === '') {
    return [{ code: 'EmailRequired', message: 'Enter an email address.' }];
  }

  const errors = [];
  const parts = splitEmail(trimmed);
  const lastDot = parts ? parts.domain.lastIndexOf('.') : -1;
  if (!parts || parts.local === '' || lastDot <= 0 || lastDot === parts.domain.length - 1) {
    errors.push({
      code: 'EmailInvalid',
      message: 'Enter an email address in the form name@example.com.',
    });
  }

  if (codePointLength(trimmed) > EMAIL_MAX_LENGTH) {
    errors.push({
      code: 'EmailTooLong',
      message: `Use an email address of at most ${EMAIL_MAX_LENGTH} characters.`,
    });
  }

  return errors;
}

/**
 * Returns the password's errors as `{ code, message }` objects, or an empty array. The username
 * and email are needed because the password may not contain either of them.
 */
export function checkPassword(password, { username = '', email = '' } = {}) {
  if (password === '') {
    return [{ code: 'PasswordRequired', message: 'Enter a password.' }];
  }

  const errors = [];
  const length = codePointLength(password);
  if (length < PASSWORD_MIN_LENGTH) {
    errors.push({
      code: 'PasswordTooShort',
      message: `Use at least ${PASSWORD_MIN_LENGTH} characters (this one has ${length}).`,
    });
  } else if (length > PASSWORD_MAX_LENGTH) {
    errors.push({
      code: 'PasswordTooLong',
      message: `Use at most ${PASSWORD_MAX_LENGTH} characters (this one has ${length}).`,
    });
  }

  if (CONTROL_CHARACTER.test(password)) {
    errors.push({
      code: 'PasswordControlCharacters',
      message: 'Remove control characters such as tabs or line breaks.',
    });
  }

  const lowered = password.normalize('NFC').toLowerCase();
  const name = normalizeUsername(username);
  if (codePointLength(name) >= CONTAINED_MIN_LENGTH && lowered.includes(name)) {
    errors.push({ code: 'PasswordContainsUsername', message: 'Don’t use your username in the password.' });
  }

  const local = splitEmail(email)?.local.normalize('NFC').toLowerCase() ?? '';
  if (codePointLength(local) >= CONTAINED_MIN_LENGTH && lowered.includes(local)) {
    errors.push({ code: 'PasswordContainsEmail', message: 'Don’t use your email address in the password.' });
  }

  return errors;
}

/**
 * Checks all three fields and returns an object that maps each invalid field name to its
 * errors, the same shape as the `errors` member of the server's problem details.
 */
export function checkSignup({ username, email, password }) {
  const results = {
    username: checkUsername(username),
    email: checkEmail(email),
    password: checkPassword(password, { username, email }),
  };
  return Object.fromEntries(Object.entries(results).filter(([, errors]) => errors.length > 0));
}
