import type { PasswordPolicyRules } from '../scim/policy/password-policy';

/**
 * Per-client settings (API.md §7). A client stores only the values it overrides; the effective settings
 * are the defaults with those overrides on top, so a changed default reaches every client that kept it.
 */
export interface ConnectorCompat {
  /** Entra ID sends booleans as "True"/"False" strings. */
  booleanStrings: boolean;
  /** Entra ID and Ping PATCH filtered paths of elements that do not exist yet: create them. */
  filteredPathCreatesElement: boolean;
  /** Entra ID (aadOptscim062020) sends pathless PATCH values with dotted and URN-qualified keys. */
  pathlessDottedKeys: boolean;
  /** Entra ID expects at most one element per `type` in a multi-valued attribute. */
  uniqueTypePerMultiValue: boolean;
}

/** The client's password policy: the rules `src/scim/policy/password-policy.ts` checks. */
export type PasswordPolicy = PasswordPolicyRules;

export interface ClientSettings {
  defaultPageSize: number;
  maxPageSize: number;
  bulkMaxOperations: number;
  bulkMaxPayloadSize: number;
  /** nevisIDM's patch-performs-get-by-default: PATCH answers 200 with the user (true) or 204. */
  patchReturnsResource: boolean;
  /** Strict RFC 7644 mode: every connector tolerance is off. */
  strictRfc: boolean;
  compat: ConnectorCompat;
  /** Unit of the default profile created with each user (nevisIDM profile policy); none by default. */
  defaultUnitExtId: string | null;
  /** Attributes the client's policy makes mandatory (nevisIDM client policy); none by default. */
  mandatoryAttributes: string[];
  passwordPolicy: PasswordPolicy;
}

export const DEFAULT_CLIENT_SETTINGS: Readonly<ClientSettings> = Object.freeze({
  defaultPageSize: 10,
  maxPageSize: 1000,
  bulkMaxOperations: 1000,
  bulkMaxPayloadSize: 1024 * 1024,
  patchReturnsResource: true,
  strictRfc: false,
  compat: {
    booleanStrings: true,
    filteredPathCreatesElement: true,
    pathlessDottedKeys: true,
    uniqueTypePerMultiValue: false,
  },
  defaultUnitExtId: null,
  mandatoryAttributes: [],
  passwordPolicy: {
    minLength: 8,
    requireLowercase: false,
    requireUppercase: false,
    requireDigit: false,
    requireSpecial: false,
    notEqualUserName: true,
    history: 0,
  },
});

export type ClientSettingsOverrides = Partial<
  Omit<ClientSettings, 'compat' | 'passwordPolicy'> & {
    compat: Partial<ConnectorCompat>;
    passwordPolicy: Partial<PasswordPolicy>;
  }
>;

/** Stored overrides on top of the defaults. */
export function effectiveSettings(overrides: ClientSettingsOverrides): ClientSettings {
  return {
    ...DEFAULT_CLIENT_SETTINGS,
    ...overrides,
    compat: { ...DEFAULT_CLIENT_SETTINGS.compat, ...overrides.compat },
    passwordPolicy: { ...DEFAULT_CLIENT_SETTINGS.passwordPolicy, ...overrides.passwordPolicy },
    mandatoryAttributes: overrides.mandatoryAttributes ?? [...DEFAULT_CLIENT_SETTINGS.mandatoryAttributes],
  };
}

/** Overrides merged with a change (nested objects merged member by member; `null` resets to the default). */
export function mergeOverrides(
  current: ClientSettingsOverrides,
  change: Record<string, unknown>,
): ClientSettingsOverrides {
  const out: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(change)) {
    if (value === undefined) continue;
    if (value === null && key !== 'defaultUnitExtId') {
      delete out[key];
    } else if (
      (key === 'compat' || key === 'passwordPolicy') &&
      typeof value === 'object' &&
      value !== null
    ) {
      const nested: Record<string, unknown> = { ...(out[key] as Record<string, unknown> | undefined) };
      for (const [k, v] of Object.entries(value)) {
        if (v === null) delete nested[k];
        else if (v !== undefined) nested[k] = v;
      }
      out[key] = nested;
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** The settings that affect a connector's behaviour, with every tolerance off in strict RFC mode. */
export function compatOf(settings: ClientSettings): ConnectorCompat {
  if (!settings.strictRfc) return settings.compat;
  return {
    booleanStrings: false,
    filteredPathCreatesElement: false,
    pathlessDottedKeys: false,
    uniqueTypePerMultiValue: false,
  };
}
