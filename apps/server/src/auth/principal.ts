/** A signed-in caller: the user, and how they proved it. */
export interface Principal {
  user: { id: string; email: string; firstName: string; lastName: string; role: string };
  via: 'session' | 'apiKey';
  /** Session id (hash of the cookie token), when `via` is `session`. */
  sessionId?: string;
  /** API key id, when `via` is `apiKey`. */
  apiKeyId?: string;
}
