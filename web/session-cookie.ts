// The session cookie: HttpOnly (scripts never see the token), SameSite=Lax (not sent on
// cross-site POSTs; a link from an e-mail still opens the app logged in), Path=/, and Secure
// whenever the request came over TLS, directly or through a trusted proxy.
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'baocao_session';

/** true / false: always / never Secure. 'auto': Secure when the request was https (X-Forwarded-Proto counts only with trustProxy). */
export type SecureCookies = boolean | 'auto';

export function isSecureRequest(request: FastifyRequest, setting: SecureCookies): boolean {
  return setting === 'auto' ? request.protocol === 'https' : setting;
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, setting: SecureCookies): void {
  // No Expires: the cookie goes with the browser session, and the server ends it anyway
  // (absolute lifetime and idle timeout in the sessions table).
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/', secure: isSecureRequest(request, setting) });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply, setting: SecureCookies): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', path: '/', secure: isSecureRequest(request, setting) });
}

export function sessionTokenOf(request: FastifyRequest): string | undefined {
  return request.cookies[SESSION_COOKIE];
}
