import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Response } from 'supertest';
import { ClientsService } from '../../src/clients/clients.service';
import type { TenantContext } from '../../src/clients/tenant-context';
import { UsersRepository } from '../../src/users/users.repository';
import { ERROR_URN, type TestApp, type TestClient } from './test-app';

export const CORE_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const NEVIS_URN = 'urn:nevis:idm:scim:schemas:v1:extension:User';
/** The nevisIDM extension of a user with no nevisIDM data of its own: just its state. */
export const NEVIS_ACTIVE = { [NEVIS_URN]: { state: 'active' } };
/** A PASSWORD credential as read back: public attributes only, never the secret (USER-SCHEMA.md §3.1). */
export const PASSWORD_CREDENTIAL = {
  extId: expect.any(String),
  type: 'PASSWORD',
  state: 'active',
  created: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
  lastModified: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
};
/** The nevisIDM extension of a user created with core `password`: it set the PASSWORD credential. */
export const NEVIS_WITH_PASSWORD = { [NEVIS_URN]: { state: 'active', credentials: [PASSWORD_CREDENTIAL] } };
export const LIST_URN = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const SEARCH_URN = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';
/** ISO 8601 in UTC with milliseconds and Z (API.md §2). */
export const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A JSON object as it comes back from supertest (untyped by nature). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are arbitrary JSON
export type Json = Record<string, any>;

/** `http://127.0.0.1:<port>`: what the server builds absolute URLs from (the request's Host). */
export function origin(t: TestApp): string {
  const server: Server = t.app.getHttpServer();
  const address = server.address() as AddressInfo;
  return `http://127.0.0.1:${address.port}`;
}

/** A user with every core attribute, every multi-valued attribute and the enterprise extension. */
export function fullUser(userName: string, managerId?: string): Json {
  return {
    schemas: [CORE_URN, ENTERPRISE_URN],
    externalId: `ext-${userName}`,
    userName,
    name: {
      familyName: 'Jensen',
      givenName: 'Barbara',
      middleName: 'Jane',
      honorificPrefix: 'Ms.',
      honorificSuffix: 'III',
    },
    displayName: 'Babs Jensen',
    nickName: 'Babs',
    profileUrl: 'https://login.example.com/bjensen',
    title: 'Tour Guide',
    userType: 'Employee',
    preferredLanguage: 'en-US',
    locale: 'en-US',
    timezone: 'America/Los_Angeles',
    active: true,
    password: 't1meMa$heen-secret',
    emails: [
      { value: `${userName}@work.example.com`, type: 'work', primary: true, display: 'Work mail' },
      { value: `${userName}@home.example.com`, type: 'home' },
    ],
    phoneNumbers: [
      { value: '+1 555 555 5555', type: 'work', primary: true },
      { value: '+1 555 555 4444', type: 'mobile', display: 'Mobile' },
    ],
    addresses: [
      {
        formatted: '100 Universal City Plaza\nHollywood, CA 91608 USA',
        streetAddress: '100 Universal City Plaza',
        locality: 'Hollywood',
        region: 'CA',
        postalCode: '91608',
        country: 'US',
        type: 'work',
        primary: true,
      },
      {
        streetAddress: '456 Hollywood Blvd',
        locality: 'Hollywood',
        postalCode: '91608',
        country: 'US',
        type: 'home',
      },
    ],
    ims: [
      { value: 'someaimhandle', type: 'aim' },
      { value: 'babs@xmpp.example.com', type: 'xmpp', primary: true },
    ],
    photos: [{ value: 'https://photos.example.com/profilephoto/72930000000Ccne/F', type: 'photo' }],
    entitlements: [{ value: 'Build the world', display: 'Builder', primary: true }],
    roles: [
      { value: 'Tour Guide', type: 'job' },
      { value: 'Admin', display: 'Administrator' },
    ],
    x509Certificates: [{ value: 'MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMx' }],
    [ENTERPRISE_URN]: {
      employeeNumber: '701984',
      costCenter: '4130',
      organization: 'Universal Studios',
      division: 'Theme Park',
      department: 'Tour Operations',
      ...(managerId !== undefined ? { manager: { value: managerId } } : {}),
    },
  };
}

/** Asserts an RFC 7644 §3.12 error body and the SCIM content type. */
export function expectScimError(
  res: Response,
  status: number,
  scimType?: string,
  detail?: RegExp | string,
): void {
  expect({ status: res.status, body: res.body }).toEqual({
    status,
    body: {
      schemas: [ERROR_URN],
      status: String(status),
      ...(scimType !== undefined ? { scimType } : {}),
      detail: expect.any(String),
    },
  });
  expect(res.headers['content-type']).toBe(SCIM_CONTENT_TYPE);
  if (detail !== undefined) expect(res.body.detail).toMatch(detail);
}

/** Creates a user and returns the response body; fails the test unless the answer is 201. */
export async function createUser(t: TestApp, c: TestClient, body: Json): Promise<Json> {
  const res = await t.http.post(`${c.base}/Users`).set(c.auth).send(body);
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Json;
}

/** Every user of the client as the list returns them (count = 1000): the "database state" of a client. */
export async function snapshot(t: TestApp, c: TestClient): Promise<Json> {
  const res = await t.http.get(`${c.base}/Users?count=1000`).set(c.auth);
  if (res.status !== 200) throw new Error(`list failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Json;
}

/** The TenantContext of a test client, for reading the repository directly (secrets are not on the wire). */
export async function tenantOf(t: TestApp, c: TestClient): Promise<TenantContext> {
  const entity = await t.app.get(ClientsService).findByExtId(c.extId);
  if (!entity) throw new Error(`no client ${c.extId}`);
  return { clientId: entity.id, extId: entity.extId, settings: ClientsService.settingsOf(entity) };
}

/** The stored password hash of a user (never on the wire). */
export async function storedPasswordHash(
  t: TestApp,
  c: TestClient,
  userId: string,
): Promise<string | undefined> {
  return t.app.get(UsersRepository).passwordHash(await tenantOf(t, c), userId);
}
