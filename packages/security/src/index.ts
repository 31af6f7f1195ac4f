export {
  type CredentialCipher,
  createCredentialCipher,
  MIN_MASTER_KEY_LENGTH,
} from './credential-cipher.js';
export {
  ENCRYPTION_KEY_FILE,
  type EncryptionKeySource,
  type LoadEncryptionKeyOptions,
  loadOrCreateEncryptionKey,
} from './encryption-key.js';
export {
  createLoginThrottle,
  type LoginThrottle,
  type LoginThrottleOptions,
  type ThrottleDecision,
} from './login-throttle.js';
export {
  checkPasswordPolicy,
  DUMMY_PASSWORD_HASH,
  hashPassword,
  PASSWORD_LENGTH,
  verifyPassword,
} from './password.js';
export { createRedactor, MIN_SECRET_LENGTH, REDACTED, type Redactor } from './redactor.js';
export {
  API_KEY_PREFIX,
  type GeneratedApiKey,
  type GeneratedSessionToken,
  generateApiKey,
  generateSessionToken,
  hashApiKey,
  safeEqual,
  sessionIdOf,
} from './tokens.js';
