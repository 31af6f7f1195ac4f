import { execFileSync } from 'node:child_process';

/**
 * Encrypts like n8n's credential store (CryptoJS passphrase mode: "Salted__", EVP_BytesToKey with MD5,
 * AES-256-CBC) with the openssl command line: an implementation independent of the importer's.
 */
export function opensslEncrypt(plaintext: string, passphrase: string): string {
  return execFileSync(
    'openssl',
    ['enc', '-aes-256-cbc', '-md', 'md5', '-salt', '-pass', `pass:${passphrase}`, '-base64', '-A'],
    { input: plaintext, stdio: ['pipe', 'pipe', 'ignore'] },
  )
    .toString()
    .trim();
}
