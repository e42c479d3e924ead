/** Reading canonical SCIM JSON (the user mapper and the nevisIDM extension's rules). */
import { ScimError } from '../scim/errors/scim-error';
import { URN } from '../scim/schema/urns';

export type Obj = Record<string, unknown>;

export const asObj = (v: unknown): Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {};
export const asList = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(asObj) : []);
export const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
export const date = (v: unknown): Date | null => (typeof v === 'string' ? new Date(v) : null);
export const isString = (v: string | null): v is string => v !== null;

export const EXT = URN.nevisUser;
export const CREDENTIALS = `${EXT}:credentials`;
export const PROFILES = `${EXT}:profiles`;

/** A validity window ends after it starts (400 invalidValue naming both ends). */
export function checkValidity(o: Obj, path: string): void {
  const from = date(o.validFrom);
  const to = date(o.validTo);
  if (from && to && to.getTime() < from.getTime()) {
    throw ScimError.invalidValue(
      `${path}.validTo (${String(o.validTo)}) is before ${path}.validFrom (${String(o.validFrom)})`,
    );
  }
}
