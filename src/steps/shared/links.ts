import { normalizeBaseUrl } from '../../jumpcloud/http';

/**
 * Admin Console links for `webLink`. The console is a single-page app on the same host as
 * the API (console.jumpcloud.com, console.eu.jumpcloud.com).
 */
export function consoleLink(baseUrl: string | undefined, fragment: string): string {
  return `${normalizeBaseUrl(baseUrl)}/#/${fragment.replace(/^\/+/, '')}`;
}
