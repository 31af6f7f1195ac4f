import type { CredentialData, CredentialRef } from '@klikkflow/types';

/** Decrypts a node's credential at the moment the node asks for it. Never stored in run data. */
export interface CredentialResolver {
  resolve(type: string, ref: CredentialRef): Promise<CredentialData>;
}
