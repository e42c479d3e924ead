import { jsonEqual } from '../scim/patch/patch.json';
import type { ScimResource } from '../scim/schema/schema.registry';
import { URN } from '../scim/schema/urns';
import { GENERIC_MULTI_VALUED } from './entities/user-multi-value.entity';

/** Groups of child tables a write can leave alone. */
export type CorePart = 'emails' | 'phoneNumbers' | 'addresses' | 'multiValues';
export type NevisPart = 'credentials' | 'profiles' | 'properties' | 'loginInfo';

export interface UnchangedParts {
  core: ReadonlySet<CorePart>;
  nevis: ReadonlySet<NevisPart>;
}

export const NOTHING_UNCHANGED: UnchangedParts = { core: new Set(), nevis: new Set() };

type Obj = Record<string, unknown>;

/**
 * Which child tables a PATCH need not rewrite (issue 5: write only what changed): the groups whose canonical
 * JSON is the same before and after, both coerced the same way (so readOnly values do not count). A new
 * secret (core `password`) changes the credentials; a custom property lives in the property table whoever
 * owns it, so that table is kept only when no owner changed.
 */
export function unchangedParts(before: ScimResource, after: ScimResource): UnchangedParts {
  const core = new Set<CorePart>();
  for (const part of ['emails', 'phoneNumbers', 'addresses'] as const) {
    if (jsonEqual(before[part], after[part])) core.add(part);
  }
  if (GENERIC_MULTI_VALUED.every((name) => jsonEqual(before[name], after[name]))) core.add('multiValues');
  const b = (before[URN.nevisUser] ?? {}) as Obj;
  const a = (after[URN.nevisUser] ?? {}) as Obj;
  const nevis = new Set<NevisPart>();
  if (jsonEqual(b.credentials, a.credentials) && after.password === undefined) nevis.add('credentials');
  if (jsonEqual(b.profiles, a.profiles)) nevis.add('profiles');
  if (nevis.has('credentials') && nevis.has('profiles') && jsonEqual(b.properties, a.properties)) {
    nevis.add('properties');
  }
  if (jsonEqual(b.loginInfo, a.loginInfo)) nevis.add('loginInfo');
  return { core, nevis };
}
