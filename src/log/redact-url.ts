/**
 * redact-url
 */

const SECRET_NAME = /token|secret|key|sig|pass|auth|code|credential/i;

/**
 * A URL fit for a log line: user and password replaced by `***`, and so the values of query parameters whose names
 * look secret (token, secret, key, signature, password, auth, code, credential).
 *
 * @category Logging
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '(unparseable URL)';
  }
  if (parsed.username !== '' || parsed.password !== '') {
    parsed.username = '***';
    parsed.password = '';
  }
  for (const name of [...new Set(parsed.searchParams.keys())])
    if (SECRET_NAME.test(name)) parsed.searchParams.set(name, '***');
  return parsed.toString();
}
