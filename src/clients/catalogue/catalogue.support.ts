import type { ObjectLiteral, Repository } from 'typeorm';
import { ScimError } from '../../scim/errors/scim-error';
import { isDuplicateKey, type ClientsService } from '../clients.service';
import type { ClientEntity } from '../entities/client.entity';

export interface Page<T> {
  total: number;
  items: T[];
}

/** The client named by `{extId}` in an admin path, or 404 (the message `GET /admin/clients/{extId}` gives). */
export async function requireClient(clients: ClientsService, extId: string): Promise<ClientEntity> {
  const client = await clients.findByExtId(extId);
  if (!client) throw ScimError.notFound(`Client '${extId}' not found`);
  return client;
}

/**
 * Inserts a catalogue row; a unique-index violation (a concurrent create that passed the pre-check) is the
 * same 409 uniqueness the pre-check gives.
 */
export async function insertUnique<T extends ObjectLiteral>(
  repo: Repository<T>,
  row: T,
  duplicate: () => ScimError,
): Promise<T> {
  try {
    await repo.insert(row);
    return row;
  } catch (err) {
    if (isDuplicateKey(err)) throw duplicate();
    throw err;
  }
}

export const iso = (d: Date): string => new Date(d).toISOString();

/** Only the members the request carried: `undefined` leaves a column alone, `null` clears it. */
export function present<T extends object>(change: T): Partial<T> {
  return Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) as Partial<T>;
}
