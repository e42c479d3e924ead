import { createHash } from 'node:crypto';
import { ScimError } from '../../scim/errors/scim-error';

/**
 * RFC 9865 cursors: an opaque, URL-safe token holding the keyset position of a page edge (the sort value and
 * id of the last or first user of the page) and a fingerprint of the query it belongs to, so that a cursor
 * cannot be replayed against another filter or sort order.
 */
export interface CursorPosition {
  /** The sort key of the edge user; null when it has no value (or when there is no sortBy). */
  value: string | number | null;
  id: string;
  /** 'next' continues after the position, 'prev' goes back before it. */
  direction: 'next' | 'prev';
}

interface CursorPayload {
  v: string | number | null;
  i: string;
  d: 'n' | 'p';
  q: string;
}

export function queryFingerprint(parts: readonly (string | undefined)[]): string {
  return createHash('sha256')
    .update(JSON.stringify(parts.map((p) => p ?? null)))
    .digest('base64url')
    .slice(0, 16);
}

export function encodeCursor(position: CursorPosition, fingerprint: string): string {
  const payload: CursorPayload = {
    v: position.value,
    i: position.id,
    d: position.direction === 'next' ? 'n' : 'p',
    q: fingerprint,
  };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, fingerprint: string): CursorPosition {
  const invalid = () =>
    ScimError.invalidCursor('The cursor is malformed; start again with an empty cursor parameter');
  if (cursor.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof payload !== 'object' || payload === null) throw invalid();
  const p = payload as Partial<CursorPayload>;
  const valueOk =
    p.v === null || typeof p.v === 'string' || (typeof p.v === 'number' && Number.isFinite(p.v));
  if (!valueOk || typeof p.i !== 'string' || !/^[1-9]\d{0,18}$/.test(p.i) || (p.d !== 'n' && p.d !== 'p')) {
    throw invalid();
  }
  if (p.q !== fingerprint) {
    throw ScimError.invalidCursor('The cursor belongs to a different filter or sort order; start again');
  }
  return { value: p.v ?? null, id: p.i, direction: p.d === 'n' ? 'next' : 'prev' };
}
