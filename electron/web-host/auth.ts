/**
 * The web host's per-launch token: random, required on every request, compared in constant
 * time. The browser gets it once in the launch URL (`?token=`) and keeps it in an HttpOnly,
 * SameSite=Strict cookie; scripts may also send it in a header.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The cookie that carries the token after the first request. */
export const TOKEN_COOKIE = 'medsettle_token';
/** The header that may carry the token instead. */
export const TOKEN_HEADER = 'x-medsettle-token';

/** A fresh token for one launch: 256 random bits, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time equality of two strings (hashed first, so lengths leak nothing either). */
export function sameToken(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The token a request carries, from query, header or cookie, with where it came from. */
export function tokenOf(req: IncomingMessage, url: URL): { token: string; from: 'query' | 'header' | 'cookie' } | undefined {
  const query = url.searchParams.get('token');
  if (query !== null) return { token: query, from: 'query' };
  const header = req.headers[TOKEN_HEADER];
  if (typeof header === 'string') return { token: header, from: 'header' };
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return { token: rest.join('='), from: 'cookie' };
  }
  return undefined;
}

/** The Set-Cookie value that hands the token to the browser. */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}
