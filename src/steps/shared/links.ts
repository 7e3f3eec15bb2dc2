import { normalizeBaseUrl } from '../../jumpcloud/http';

/**
 * Admin Console links for `webLink`. The console is a single-page app on the same host as
 * the API (console.jumpcloud.com, console.eu.jumpcloud.com).
 *
 * Give the path as segments (`['users', id, 'details']`): each is percent-encoded, so an id
 * with a space, `#` or `/` still makes a valid URI that names that object. A string is taken
 * as a path of fixed words, and anything a URI may not hold is encoded.
 */
export function consoleLink(baseUrl: string | undefined, path: string | readonly string[]): string {
  const fragment =
    typeof path === 'string'
      ? path
          .replace(/^\/+/, '')
          .split('/')
          .map((segment) => encodeURIComponent(safeDecode(segment)))
          .join('/')
      : path.map((segment) => encodeURIComponent(segment)).join('/');
  return `${normalizeBaseUrl(baseUrl)}/#/${fragment}`;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
