import type { CredentialRecord, CredentialRepository } from '@klikkflow/database';
import type { CredentialResolver } from '@klikkflow/engine';
import type { CredentialDefinition } from '@klikkflow/plugin-sdk';
import type { CredentialCipher, Redactor } from '@klikkflow/security';
import { type CredentialData, type CredentialRef, UserError } from '@klikkflow/types';

/** A credential as the API shows it: never its values, only which fields are set. */
export interface CredentialView {
  id: string;
  name: string;
  type: string;
  /** Names of the fields that hold a value. */
  fields: string[];
  createdAt: number;
  updatedAt: number;
}

/** Credentials: validated against their type, encrypted at rest, decrypted only for a running node (G10). */
export interface CredentialService {
  create(input: { name: string; type: string; data: CredentialData }): Promise<CredentialView>;
  list(filter?: { type?: string }): Promise<CredentialView[]>;
  get(id: string): Promise<CredentialView>;
  /** `data` fields replace stored ones by name; a field set to null is removed. */
  update(id: string, patch: { name?: string; data?: Record<string, unknown> }): Promise<CredentialView>;
  delete(id: string): Promise<void>;
  /** The engine's resolver for one execution: every value it hands out joins that execution's redactor. */
  resolverFor(redactor: Redactor): CredentialResolver;
  /** The decrypted data, for the server's own use (webhook authentication); added to `redactor`. */
  decryptFor(ref: CredentialRef, type: string, redactor: Redactor): Promise<CredentialData>;
}

function notFound(id: string): UserError {
  return new UserError('CREDENTIAL_NOT_FOUND', `credential "${id}" does not exist`, { details: { id } });
}

/** Creates the service over the repository, the cipher and the known credential types. */
export function createCredentialService(options: {
  repository: CredentialRepository;
  cipher: CredentialCipher;
  types: readonly CredentialDefinition[];
}): CredentialService {
  const { repository, cipher } = options;
  const types = new Map(options.types.map((type) => [type.name, type]));

  function checkData(type: string, data: Record<string, unknown>): void {
    const definition = types.get(type);
    if (!definition) {
      throw new UserError('CREDENTIAL_TYPE_UNKNOWN', `unknown credential type "${type}"`, {
        details: { type, known: [...types.keys()] },
      });
    }
    const fields = new Set(definition.properties.map((property) => property.name));
    const unknown = Object.keys(data).filter((field) => !fields.has(field));
    if (unknown.length > 0) {
      throw new UserError(
        'CREDENTIAL_DATA_INVALID',
        `credential type "${type}" has no field ${unknown.map((f) => `"${f}"`).join(', ')}`,
        { details: { type, unknown, fields: [...fields] } },
      );
    }
  }

  function view(record: CredentialRecord): CredentialView {
    const data = cipher.decrypt(record.data);
    return {
      id: record.id,
      name: record.name,
      type: record.type,
      fields: Object.keys(data).filter((field) => data[field] !== undefined && data[field] !== ''),
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
    };
  }

  async function load(id: string): Promise<CredentialRecord> {
    const record = await repository.get(id);
    if (!record) throw notFound(id);
    return record;
  }

  async function find(ref: CredentialRef, type: string): Promise<CredentialRecord> {
    if (ref.id) {
      const record = await repository.get(ref.id);
      if (!record) throw notFound(ref.id);
      if (record.type !== type) {
        throw new UserError(
          'CREDENTIAL_TYPE_MISMATCH',
          `credential "${record.name}" is of type "${record.type}", the node needs "${type}"`,
          { details: { id: record.id, type: record.type, expected: type } },
        );
      }
      return record;
    }
    const matches = (await repository.list({ type })).filter((record) => record.name === ref.name);
    const [match] = matches;
    if (!match) throw notFound(ref.name);
    if (matches.length > 1) {
      throw new UserError(
        'CREDENTIAL_AMBIGUOUS',
        `several "${type}" credentials are named "${ref.name}": bind the node to one by id`,
        { details: { name: ref.name, type } },
      );
    }
    return match;
  }

  async function decryptFor(ref: CredentialRef, type: string, redactor: Redactor): Promise<CredentialData> {
    const data = cipher.decrypt((await find(ref, type)).data);
    redactor.addSecrets(data);
    // Forms no single field's encodings cover, such as Basic auth's base64 of `user:password`.
    for (const secret of types.get(type)?.derivedSecrets?.(data) ?? []) redactor.addSecret(secret);
    return data;
  }

  return {
    async create({ name, type, data }) {
      checkData(type, data);
      return view(await repository.create({ name, type, data: cipher.encrypt(data) }));
    },
    async list(filter) {
      return (await repository.list(filter)).map(view);
    },
    async get(id) {
      return view(await load(id));
    },
    async update(id, patch) {
      const record = await load(id);
      let encrypted: string | undefined;
      if (patch.data) {
        const merged: Record<string, unknown> = { ...cipher.decrypt(record.data) };
        for (const [field, value] of Object.entries(patch.data)) {
          if (value === null) delete merged[field];
          else merged[field] = value;
        }
        checkData(record.type, merged);
        encrypted = cipher.encrypt(merged);
      }
      const updated = await repository.update(id, {
        ...(patch.name !== undefined && { name: patch.name }),
        ...(encrypted !== undefined && { data: encrypted }),
      });
      return view(updated);
    },
    async delete(id) {
      if (!(await repository.delete(id))) throw notFound(id);
    },
    resolverFor(redactor) {
      return { resolve: (type, ref) => decryptFor(ref, type, redactor) };
    },
    decryptFor,
  };
}
