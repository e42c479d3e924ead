import { startTestApp, type TestApp, type TestClient } from './support/test-app';
import {
  CORE_URN,
  createUser,
  ENTERPRISE_URN,
  expectScimError,
  LIST_URN,
  SEARCH_URN,
  type Json,
} from './support/user-fixtures';

/**
 * The filter corpus (issue 4, API.md §5): one table of filters with the users each must match, run through
 * GET /Users and POST /Users/.search, on every engine, in two clients seeded with the same users (so a filter
 * that escapes the tenant shows up as ids of the other client). Expected sets are written by hand from the
 * seed below; only the date and id cases compute theirs from the users' own meta and ids.
 */

const ENT = ENTERPRISE_URN;

/** The seeded users, in creation order. `manager` names another key; it is resolved to that user's id. */
const SEED = {
  alice: {
    userName: 'alice.smith@example.com',
    externalId: 'EXT-Alice',
    name: { givenName: 'Alice', familyName: 'Smith' },
    displayName: 'Alice Smith',
    title: 'Engineer',
    emails: [
      { value: 'alice.smith@example.com', type: 'work', primary: true },
      { value: 'alice@home.example', type: 'home' },
    ],
    phoneNumbers: [{ value: '+41 44 111 11 11', type: 'work' }],
    addresses: [
      { streetAddress: 'Bahnhofstrasse 1', locality: 'Zürich', country: 'CH', type: 'work', primary: true },
    ],
    roles: [{ value: 'admin' }],
    entitlements: [{ value: 'vpn' }],
    [ENT]: {
      employeeNumber: '1001',
      costCenter: 'CC-10',
      organization: 'Acme',
      division: 'Tech',
      department: 'R&D',
    },
  },
  bob: {
    userName: 'BOB.JONES@EXAMPLE.COM',
    externalId: 'ext-bob',
    name: { givenName: 'Bob', familyName: 'Jones' },
    displayName: 'Bob Jones',
    title: 'Manager',
    emails: [{ value: 'Bob.Jones@Example.com', type: 'work', primary: true }],
    phoneNumbers: [{ value: '+1 555 0100', type: 'mobile' }],
    roles: [{ value: 'admin' }, { value: 'user' }],
    [ENT]: { employeeNumber: '1002', department: 'Sales', organization: 'Acme' },
  },
  chloe: {
    userName: 'chloé',
    externalId: 'ext-chloé',
    name: { givenName: 'Chloé', familyName: 'Dupré' },
    displayName: 'Chloé Dupré',
    emails: [{ value: 'chloe@example.fr', type: 'home' }],
    addresses: [{ locality: 'Genève', country: 'CH', type: 'home' }],
    [ENT]: { department: 'R&D', manager: 'bob' },
  },
  fiona: {
    // U+FB01 and U+FB02 ligatures: NFKC makes them 'fi' and 'fl'.
    userName: 'ﬁona',
    externalId: 'ext-fiona',
    name: { givenName: 'Fiona', familyName: 'ﬂynn' },
    displayName: 'ﬁona ﬂynn',
    title: 'Engineer',
    active: false,
    phoneNumbers: [{ value: '+41 79 222 22 22', type: 'mobile', primary: true }],
  },
  dave: {
    userName: 'DOMAIN\\dave',
    externalId: 'ext-dave',
    displayName: 'Dave',
    title: 'Support',
    emails: [{ value: 'dave@corp.example', type: 'work' }],
  },
  pq: {
    userName: 'p%q_r',
    externalId: 'ext-pq',
    name: { familyName: 'Percent' },
    displayName: '100% Tested',
    emails: [{ value: 'p%q_r\\x@example.com', type: 'other' }],
  },
  under: {
    userName: '_underscore',
    externalId: 'ext-under',
    displayName: "Robert'); DROP TABLE users;--",
    emails: [{ value: 'under@example.com', type: 'work', primary: true }],
  },
  omalley: {
    userName: "o'malley",
    externalId: 'ext-omalley',
    name: { givenName: 'Pat', familyName: "O'Malley" },
    displayName: "Pat O'Malley",
    title: 'Engineer',
    emails: [{ value: "pat.o'malley@example.com", type: 'work' }],
    [ENT]: { department: 'sales' },
  },
  eve: {
    userName: 'eve',
    externalId: 'ext-eve',
    active: false,
    emails: [
      { value: 'eve@example.com', type: 'work' },
      { value: 'eve@personal.example', type: 'home', primary: true },
    ],
  },
  frank: {
    userName: 'frank',
    displayName: 'Frank',
    emails: [{ value: 'FRANK@EXAMPLE.ORG', type: 'work' }],
    phoneNumbers: [
      { value: '+41 44 333 33 33', type: 'work' },
      { value: '+41 79 333 33 33', type: 'mobile' },
    ],
    addresses: [
      { locality: 'Bern', country: 'CH', type: 'work' },
      { locality: 'Thun', country: 'CH', type: 'home', primary: true },
    ],
  },
  grace: {
    userName: 'grace',
    externalId: 'ext-grace',
    name: { givenName: 'Grace', familyName: 'Hopper' },
    displayName: 'Grace Hopper',
    title: 'engineer',
    emails: [{ value: 'grace@example.com', type: 'work', primary: true }],
    [ENT]: { employeeNumber: '1011', department: 'R&D', manager: 'alice' },
  },
  heidi: {
    userName: 'heidi',
    externalId: 'ext-heidi',
    active: false,
    name: { familyName: 'Klum' },
    displayName: 'Heidi',
    nickName: 'ΟΔΟΣ',
    emails: [{ value: 'heidi@example.com', type: 'other' }],
    roles: [{ value: 'user' }],
    entitlements: [{ value: 'vpn' }, { value: 'wiki' }],
  },
  ivan: {
    userName: 'Ivan',
    externalId: 'ext-ivan',
    displayName: 'Ivan',
    title: 'Manager',
    [ENT]: { employeeNumber: '1013', manager: 'bob' },
  },
  judy: {
    userName: 'judy',
    externalId: 'ext-judy',
    name: { familyName: 'Smith' },
    displayName: 'judy',
    emails: [
      { value: 'judy@work.example', type: 'work' },
      { value: 'judy2@work.example', type: 'work' },
    ],
  },
  zoe: {
    userName: 'zoë',
    displayName: 'Zoë',
    nickName: 'İnci',
    emails: [{ value: 'zoe@example.com' }],
  },
  bang: {
    userName: 'bang!user',
    externalId: 'EXT-bang',
    displayName: 'Bang',
    nickName: 'Straẞe',
  },
} satisfies Record<string, Json>;

type Key = keyof typeof SEED;
const KEYS = Object.keys(SEED) as Key[];
/** Every user but the ones named. */
const but = (...keys: Key[]): Key[] => KEYS.filter((k) => !keys.includes(k));
/** PUTs after creation: bob ends at version 2, judy at version 3 (and both get a later lastModified). */
const REPLACES: Partial<Record<Key, number>> = { bob: 1, judy: 2 };

/** What the computed cases know about one client's users. */
interface Ctx {
  id(key: Key): string;
  created(key: Key): number;
  lastModified(key: Key): number;
  createdIso(key: Key): string;
}

interface Case {
  filter: string | ((c: Ctx) => string);
  expected: Key[] | ((c: Ctx) => Key[]);
  /** Title for computed cases. */
  title?: string;
}

/** `2026-01-02T03:04:05.678Z` → `2026-01-02T03:04:05.6780000Z` (Entra's 7 fraction digits). */
const sevenDigits = (iso: string) => iso.replace(/\.(\d{3})Z$/, '.$10000Z');
/** The same instant written with a UTC offset of `minutes` and 7 fraction digits. */
function withOffset(iso: string, minutes: number): string {
  const local = new Date(Date.parse(iso) + minutes * 60_000).toISOString().slice(0, 23);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}0000${sign}${hh}:${mm}`;
}
/** 100 ns after the instant: `….678Z` → `….6780001Z`. */
const plus100ns = (iso: string) => iso.replace(/\.(\d{3})Z$/, '.$10001Z');

const createdCmp =
  (op: (a: number, b: number) => boolean, pivot: Key) =>
  (c: Ctx): Key[] =>
    KEYS.filter((k) => op(c.created(k), c.created(pivot)));

const ENT_PATH = (attr: string) => `${ENT}:${attr}`;

const VALID: Case[] = [
  // userName: case-insensitive, NFKC-normalised
  { filter: 'userName eq "alice.smith@example.com"', expected: ['alice'] },
  { filter: 'userName eq "ALICE.SMITH@EXAMPLE.COM"', expected: ['alice'] },
  { filter: 'userName eq "bob.jones@example.com"', expected: ['bob'] },
  { filter: 'USERNAME Eq "Bob.Jones@Example.COM"', expected: ['bob'] },
  { filter: 'userName eq "CHLOÉ"', expected: ['chloe'] },
  { filter: 'userName eq "chloe"', expected: [] },
  { filter: 'userName eq "fiona"', expected: ['fiona'] },
  { filter: 'userName eq "FIONA"', expected: ['fiona'] },
  { filter: 'userName eq "ﬁona"', expected: ['fiona'] },
  { filter: 'userName ne "eve"', expected: but('eve') },
  { filter: 'userName co "SMITH"', expected: ['alice'] },
  { filter: 'userName co "example.com"', expected: ['alice', 'bob'] },
  { filter: 'userName sw "b"', expected: ['bob', 'bang'] },
  { filter: 'userName ew ".COM"', expected: ['alice', 'bob'] },
  { filter: 'userName gt "judy"', expected: ['omalley', 'pq', 'zoe'] },
  { filter: 'userName ge "judy"', expected: ['judy', 'omalley', 'pq', 'zoe'] },
  { filter: 'userName lt "bob"', expected: ['under', 'alice', 'bang'] },
  { filter: 'userName le "BOB.JONES@example.com"', expected: ['under', 'alice', 'bang', 'bob'] },
  { filter: 'userName lt "B"', expected: ['under', 'alice'] },
  { filter: 'userName  eq  "eve"', expected: ['eve'] },
  { filter: 'userName eq null', expected: [] },
  // no-pad comparison on every engine: a trailing space is a different value
  { filter: 'userName eq "eve "', expected: [] },
  { filter: 'externalId eq "ext-eve "', expected: [] },
  { filter: `${CORE_URN}:userName eq "eve"`, expected: ['eve'] },
  // displayName
  { filter: 'displayName eq "alice smith"', expected: ['alice'] },
  { filter: 'displayName co "JONES"', expected: ['bob'] },
  { filter: 'displayName eq "FIONA FLYNN"', expected: ['fiona'] },
  { filter: 'displayName sw "chloé"', expected: ['chloe'] },
  { filter: 'displayName ew "hopper"', expected: ['grace'] },
  { filter: 'displayName pr', expected: but('eve') },
  { filter: 'displayName eq null', expected: ['eve'] },
  { filter: 'displayName ne null', expected: but('eve') },
  { filter: 'displayName ne "Ivan"', expected: but('ivan') },
  // name
  { filter: 'name.familyName eq "smith"', expected: ['alice', 'judy'] },
  { filter: 'name.familyName eq "FLYNN"', expected: ['fiona'] },
  { filter: 'name.familyName eq "DUPRÉ"', expected: ['chloe'] },
  { filter: 'name.familyName eq "O\'Malley"', expected: ['omalley'] },
  { filter: 'name.familyName co "\'"', expected: ['omalley'] },
  {
    filter: 'name.familyName pr',
    expected: ['alice', 'bob', 'chloe', 'fiona', 'pq', 'omalley', 'grace', 'heidi', 'judy'],
  },
  {
    filter: 'not (name.familyName pr)',
    expected: ['dave', 'under', 'eve', 'frank', 'ivan', 'zoe', 'bang'],
  },
  { filter: 'name.givenName sw "a"', expected: ['alice'] },
  { filter: 'name.familyName lt "j"', expected: ['chloe', 'fiona', 'grace'] },
  { filter: 'Name.FamilyName EQ "klum"', expected: ['heidi'] },
  {
    // RFC 7644 §3.4.2.2 "pr": a complex attribute is present when it has a non-empty sub-attribute.
    filter: 'name pr',
    expected: ['alice', 'bob', 'chloe', 'fiona', 'pq', 'omalley', 'grace', 'heidi', 'judy'],
  },
  {
    filter: 'name eq null',
    expected: ['dave', 'under', 'eve', 'frank', 'ivan', 'zoe', 'bang'],
  },
  // title (case-insensitive, no normalised column)
  { filter: 'title eq "engineer"', expected: ['alice', 'fiona', 'omalley', 'grace'] },
  { filter: 'title eq "MANAGER"', expected: ['bob', 'ivan'] },
  { filter: 'title ne "Engineer"', expected: but('alice', 'fiona', 'omalley', 'grace') },
  { filter: 'title pr', expected: ['alice', 'bob', 'fiona', 'dave', 'omalley', 'grace', 'ivan'] },
  {
    filter: 'title eq null',
    expected: ['chloe', 'pq', 'under', 'eve', 'frank', 'heidi', 'judy', 'zoe', 'bang'],
  },
  { filter: 'title co "GIN"', expected: ['alice', 'fiona', 'omalley', 'grace'] },
  { filter: 'title gt "m"', expected: ['bob', 'ivan', 'dave'] },
  // case-insensitive without a normalised column: a stored value matches itself on every engine
  { filter: 'nickName eq "İnci"', expected: ['zoe'] },
  { filter: 'nickName eq "ΟΔΟΣ"', expected: ['heidi'] },
  { filter: 'nickName eq "Straẞe"', expected: ['bang'] },
  { filter: 'nickName sw "İn"', expected: ['zoe'] },
  { filter: 'nickName pr', expected: ['heidi', 'zoe', 'bang'] },
  // emails
  { filter: 'emails.value eq "ALICE@HOME.EXAMPLE"', expected: ['alice'] },
  { filter: 'emails eq "bob.jones@example.com"', expected: ['bob'] },
  {
    filter: 'emails.value co "@example.com"',
    expected: ['alice', 'bob', 'pq', 'under', 'omalley', 'eve', 'grace', 'heidi', 'zoe'],
  },
  { filter: 'emails.value ew ".ORG"', expected: ['frank'] },
  { filter: 'emails.value sw "judy2"', expected: ['judy'] },
  { filter: 'emails.value co "%q_r\\\\x"', expected: ['pq'] },
  {
    filter: 'emails.type eq "work"',
    expected: ['alice', 'bob', 'dave', 'under', 'omalley', 'eve', 'frank', 'grace', 'judy'],
  },
  // ne on a multi-valued attribute: some element differs (an element without a type differs too)
  { filter: 'emails.type ne "work"', expected: ['alice', 'chloe', 'pq', 'eve', 'heidi', 'zoe'] },
  // not over a multi-valued attribute: no element matches, users without emails included
  {
    filter: 'not (emails.type eq "work")',
    expected: ['chloe', 'fiona', 'pq', 'heidi', 'ivan', 'zoe', 'bang'],
  },
  {
    filter: 'not (emails[type eq "work"])',
    expected: ['chloe', 'fiona', 'pq', 'heidi', 'ivan', 'zoe', 'bang'],
  },
  { filter: 'emails.type pr', expected: but('fiona', 'ivan', 'bang', 'zoe') },
  { filter: 'emails pr', expected: but('fiona', 'ivan', 'bang') },
  // a sub-attribute of a multi-valued attribute is null when no element has it
  { filter: 'emails.type eq null', expected: ['fiona', 'ivan', 'bang', 'zoe'] },
  { filter: 'emails.type ne null', expected: but('fiona', 'ivan', 'bang', 'zoe') },
  // RFC 7643 §2.5: an empty multi-valued attribute is the same as null
  { filter: 'emails eq null', expected: ['fiona', 'ivan', 'bang'] },
  { filter: 'emails ne null', expected: but('fiona', 'ivan', 'bang') },
  { filter: 'emails.primary eq true', expected: ['alice', 'bob', 'under', 'eve', 'grace'] },
  {
    filter: 'emails.primary eq false',
    expected: ['alice', 'chloe', 'dave', 'pq', 'omalley', 'eve', 'frank', 'heidi', 'judy', 'zoe'],
  },
  {
    filter: 'emails.primary ne true',
    expected: ['alice', 'chloe', 'dave', 'pq', 'omalley', 'eve', 'frank', 'heidi', 'judy', 'zoe'],
  },
  // value paths: one element satisfies the whole inner filter
  {
    filter: 'emails[type eq "work" and value co "example.com"]',
    expected: ['alice', 'bob', 'under', 'omalley', 'eve', 'grace'],
  },
  { filter: 'emails[type eq "home" and primary eq true]', expected: ['eve'] },
  { filter: 'emails[type eq "home"] and emails[primary eq true]', expected: ['alice', 'eve'] },
  {
    filter: 'emails[type eq "home" or type eq "other"]',
    expected: ['alice', 'chloe', 'pq', 'eve', 'heidi'],
  },
  { filter: 'emails[not (type eq "work")]', expected: ['alice', 'chloe', 'pq', 'eve', 'heidi', 'zoe'] },
  { filter: 'emails[type eq "work"].value eq "alice.smith@example.com"', expected: ['alice'] },
  { filter: 'emails[type eq "work"].value eq "alice@home.example"', expected: [] },
  { filter: 'emails[type eq "work"].value eq "JUDY2@WORK.EXAMPLE"', expected: ['judy'] },
  { filter: 'emails[Type Eq "Work"].Value EQ "grace@example.com"', expected: ['grace'] },
  { filter: 'emails[type eq "work"].value eq "Bob.Jones@Example.com"', expected: ['bob'] },
  // phone numbers, addresses, generic multi-valued attributes
  { filter: 'phoneNumbers[type eq "mobile"].value sw "+41"', expected: ['fiona', 'frank'] },
  { filter: 'phoneNumbers.value eq "+1 555 0100"', expected: ['bob'] },
  { filter: 'phoneNumbers pr', expected: ['alice', 'bob', 'fiona', 'frank'] },
  { filter: 'addresses[type eq "work" and locality eq "zürich"]', expected: ['alice'] },
  { filter: 'addresses.country eq "ch"', expected: ['alice', 'chloe', 'frank'] },
  { filter: 'addresses.locality eq "GENÈVE"', expected: ['chloe'] },
  { filter: 'addresses pr', expected: ['alice', 'chloe', 'frank'] },
  { filter: 'addresses.primary eq true', expected: ['alice', 'frank'] },
  { filter: 'addresses[type eq "home"]', expected: ['chloe', 'frank'] },
  { filter: 'addresses[type eq "work"].locality eq "BERN"', expected: ['frank'] },
  { filter: 'addresses eq null', expected: but('alice', 'chloe', 'frank') },
  { filter: 'roles.value eq "admin"', expected: ['alice', 'bob'] },
  { filter: 'roles eq "USER"', expected: ['bob', 'heidi'] },
  { filter: 'entitlements[value eq "wiki"]', expected: ['heidi'] },
  { filter: 'entitlements.value eq "vpn" and roles.value eq "admin"', expected: ['alice'] },
  { filter: 'roles pr', expected: ['alice', 'bob', 'heidi'] },
  { filter: 'x509Certificates pr', expected: [] },
  { filter: 'ims.value eq "x"', expected: [] },
  { filter: 'groups pr', expected: [] },
  // booleans
  { filter: 'active eq true', expected: but('fiona', 'eve', 'heidi') },
  { filter: 'active eq false', expected: ['fiona', 'eve', 'heidi'] },
  { filter: 'ActiVe eq true', expected: but('fiona', 'eve', 'heidi') },
  { filter: 'active EQ False', expected: ['fiona', 'eve', 'heidi'] },
  { filter: 'active ne true', expected: ['fiona', 'eve', 'heidi'] },
  { filter: 'active pr', expected: KEYS },
  // externalId: case-exact
  { filter: 'externalId eq "EXT-Alice"', expected: ['alice'] },
  { filter: 'externalId eq "ext-alice"', expected: [] },
  { filter: 'externalId sw "EXT"', expected: ['alice', 'bang'] },
  { filter: 'externalId sw "ext-"', expected: but('alice', 'bang', 'frank', 'zoe') },
  { filter: 'externalId co "chloé"', expected: ['chloe'] },
  { filter: 'externalId co "CHLOÉ"', expected: [] },
  { filter: 'externalId pr', expected: but('frank', 'zoe') },
  { filter: 'externalId eq null', expected: ['frank', 'zoe'] },
  { filter: 'externalId ne "ext-bob"', expected: but('bob') },
  // id: case-exact, numeric order
  { title: 'id eq <alice> matches alice', filter: (c) => `id eq "${c.id('alice')}"`, expected: ['alice'] },
  {
    title: 'id ne <alice> matches everyone else',
    filter: (c) => `id ne "${c.id('alice')}"`,
    expected: but('alice'),
  },
  {
    title: 'id gt <omalley> matches the users created after omalley',
    filter: (c) => `id gt "${c.id('omalley')}"`,
    expected: (c) => KEYS.filter((k) => BigInt(c.id(k)) > BigInt(c.id('omalley'))),
  },
  {
    title: 'id le <chloe> matches alice, bob and chloe',
    filter: (c) => `id le "${c.id('chloe')}"`,
    expected: ['alice', 'bob', 'chloe'],
  },
  { filter: 'id eq "abc"', expected: [] },
  { filter: 'id eq "0"', expected: [] },
  { filter: 'id ne "abc"', expected: KEYS },
  { filter: 'id pr', expected: KEYS },
  // enterprise extension, URN-qualified
  { filter: `${ENT_PATH('department')} eq "R&D"`, expected: ['alice', 'chloe', 'grace'] },
  { filter: `${ENT_PATH('department')} eq "SALES"`, expected: ['bob', 'omalley'] },
  { filter: `${ENT_PATH('employeeNumber')} sw "10"`, expected: ['alice', 'bob', 'grace', 'ivan'] },
  { filter: `${ENT_PATH('costCenter')} eq "cc-10"`, expected: ['alice'] },
  { filter: `${ENT_PATH('ORGANIZATION').toUpperCase()} eq "acme"`, expected: ['alice', 'bob'] },
  {
    title: 'enterprise manager.value eq <bob> matches his reports',
    filter: (c) => `${ENT_PATH('manager.value')} eq "${c.id('bob')}"`,
    expected: ['chloe', 'ivan'],
  },
  { filter: `${ENT_PATH('manager.value')} pr`, expected: ['chloe', 'grace', 'ivan'] },
  { filter: `${ENT_PATH('manager')} pr`, expected: ['chloe', 'grace', 'ivan'] },
  {
    title: 'enterprise division pr or manager.value eq <alice> matches alice and grace',
    filter: (c) => `${ENT_PATH('division')} pr or ${ENT_PATH('manager.value')} eq "${c.id('alice')}"`,
    expected: ['alice', 'grace'],
  },
  // meta
  { filter: 'meta.resourceType eq "User"', expected: KEYS },
  { filter: 'meta.resourceType ne "User"', expected: [] },
  { filter: 'meta.version eq "W/\\"2\\""', expected: ['bob'] },
  { filter: 'meta.version gt "W/\\"1\\""', expected: ['bob', 'judy'] },
  { filter: 'meta.version eq "3"', expected: ['judy'] },
  { filter: 'meta.version le "W/\\"1\\""', expected: but('bob', 'judy') },
  // dates: instants, 7 fraction digits, offsets; boundaries from the users' own meta
  {
    title: "meta.created gt <omalley's created, 7 digits> matches the users created later",
    filter: (c) => `meta.created gt "${sevenDigits(c.createdIso('omalley'))}"`,
    expected: createdCmp((a, b) => a > b, 'omalley'),
  },
  {
    title: "meta.created ge <omalley's created, 7 digits> includes omalley",
    filter: (c) => `meta.created ge "${sevenDigits(c.createdIso('omalley'))}"`,
    expected: createdCmp((a, b) => a >= b, 'omalley'),
  },
  {
    title: "meta.created lt <omalley's created, 7 digits> matches the users created earlier",
    filter: (c) => `meta.created lt "${sevenDigits(c.createdIso('omalley'))}"`,
    expected: createdCmp((a, b) => a < b, 'omalley'),
  },
  {
    title: "meta.created le <omalley's created, 7 digits> includes omalley",
    filter: (c) => `meta.created le "${sevenDigits(c.createdIso('omalley'))}"`,
    expected: createdCmp((a, b) => a <= b, 'omalley'),
  },
  {
    title: "meta.created eq <omalley's created> matches the users created in that millisecond",
    filter: (c) => `meta.created eq "${c.createdIso('omalley')}"`,
    expected: createdCmp((a, b) => a === b, 'omalley'),
  },
  {
    title: "meta.created ge <omalley's created at +02:00> is the same instant",
    filter: (c) => `meta.created ge "${withOffset(c.createdIso('omalley'), 120)}"`,
    expected: createdCmp((a, b) => a >= b, 'omalley'),
  },
  {
    title: "meta.created lt <omalley's created at -05:30> is the same instant",
    filter: (c) => `meta.created lt "${withOffset(c.createdIso('omalley'), -330)}"`,
    expected: createdCmp((a, b) => a < b, 'omalley'),
  },
  {
    title: "meta.created gt <bob's created at +14:00> is the same instant",
    filter: (c) => `meta.created gt "${withOffset(c.createdIso('bob'), 14 * 60)}"`,
    expected: createdCmp((a, b) => a > b, 'bob'),
  },
  {
    title: "meta.created lt <100 ns after omalley's created> includes omalley (instants, not truncated)",
    filter: (c) => `meta.created lt "${plus100ns(c.createdIso('omalley'))}"`,
    expected: createdCmp((a, b) => a <= b, 'omalley'),
  },
  {
    title: "meta.created ge <100 ns after omalley's created> excludes omalley (instants, not truncated)",
    filter: (c) => `meta.created ge "${plus100ns(c.createdIso('omalley'))}"`,
    expected: createdCmp((a, b) => a > b, 'omalley'),
  },
  {
    title: 'meta.lastModified gt <the last creation> matches the users replaced afterwards',
    filter: (c) =>
      `meta.lastModified gt "${sevenDigits(new Date(Math.max(...KEYS.map((k) => c.created(k)))).toISOString())}"`,
    expected: (c) => {
      const last = Math.max(...KEYS.map((k) => c.created(k)));
      return KEYS.filter((k) => c.lastModified(k) > last);
    },
  },
  {
    title: "meta.lastModified le <judy's lastModified> matches everyone",
    filter: (c) => `meta.lastModified le "${sevenDigits(new Date(c.lastModified('judy')).toISOString())}"`,
    expected: KEYS,
  },
  { filter: 'meta.lastmodified ge "2021-09-23T19:35:41.8420572Z"', expected: KEYS },
  { filter: 'meta.created lt "2021-09-23T19:35:41.8420572Z"', expected: [] },
  { filter: 'meta.created gt "2021-09-23T21:35:41+02:00"', expected: KEYS },
  // and / or / not precedence
  {
    filter: 'title eq "Manager" or title eq "Engineer" and active eq false',
    expected: ['bob', 'ivan', 'fiona'],
  },
  { filter: '(title eq "Manager" or title eq "Engineer") and active eq false', expected: ['fiona'] },
  { filter: 'active eq false and title pr or userName eq "zoë"', expected: ['fiona', 'zoe'] },
  { filter: 'active eq false and (title pr or userName eq "zoë")', expected: ['fiona'] },
  { filter: 'not (active eq true) and not (emails pr)', expected: ['fiona'] },
  { filter: 'not (title pr or emails pr)', expected: ['bang'] },
  { filter: 'not (not (userName eq "eve"))', expected: ['eve'] },
  {
    filter: 'userName eq "eve" or userName eq "frank" or userName eq "grace"',
    expected: ['eve', 'frank', 'grace'],
  },
  { filter: 'userName eq "eve" and userName eq "frank"', expected: [] },
  { filter: '(userName sw "a" or userName sw "b") and not (userName co "!")', expected: ['alice', 'bob'] },
  { filter: 'not(userName eq "eve")and(active eq false)', expected: ['fiona', 'heidi'] },
  // LIKE wildcards and the escape character are literals
  { filter: 'userName co "%"', expected: ['pq'] },
  { filter: 'userName sw "_"', expected: ['under'] },
  { filter: 'userName co "_"', expected: ['pq', 'under'] },
  { filter: 'userName co "\\\\"', expected: ['dave'] },
  { filter: 'userName eq "DOMAIN\\\\dave"', expected: ['dave'] },
  // IDP-COMPAT / issue 4: an invalid escape such as \d reads as a literal backslash
  { filter: 'userName eq "DOMAIN\\dave"', expected: ['dave'] },
  { filter: 'userName co "!"', expected: ['bang'] },
  { filter: 'userName co "!u"', expected: ['bang'] },
  { filter: 'userName co "!%"', expected: [] },
  { filter: 'userName ew "%"', expected: [] },
  { filter: 'userName sw "%"', expected: [] },
  { filter: 'userName co "%%"', expected: [] },
  { filter: 'userName co "q_r"', expected: ['pq'] },
  { filter: 'userName co "q%r"', expected: [] },
  { filter: 'displayName co "100%"', expected: ['pq'] },
  { filter: 'displayName eq "%"', expected: [] },
  { filter: 'emails.value co "_r\\\\"', expected: ['pq'] },
  { filter: 'externalId sw "%"', expected: [] },
  // SQL meta-characters are data
  { filter: 'userName eq "o\'malley"', expected: ['omalley'] },
  { filter: 'userName eq "\\"; DROP TABLE users; --"', expected: [] },
  { filter: 'displayName eq "Robert\'); DROP TABLE users;--"', expected: ['under'] },
  { filter: 'userName eq "x\\") or (\\"1\\" eq \\"1"', expected: [] },
  { filter: "userName eq \"') or ('1'='1\"", expected: [] },
  { filter: 'userName eq "x\' OR 1=1 --"', expected: [] },
  { filter: 'displayName co ";--"', expected: ['under'] },
  { filter: 'userName eq "x" or displayName co "\'"', expected: ['omalley', 'under'] },
  { filter: 'userName eq "eve`"', expected: [] },
  // tenant-escape attempts match only this client's users
  { filter: 'userName eq "x" or id pr', expected: KEYS },
  { filter: 'userName eq "x" or meta.resourceType eq "User"', expected: KEYS },
  { filter: 'userName eq "eve" or userName pr', expected: KEYS },
  { filter: 'id pr or id eq "1"', expected: KEYS },
  { filter: 'not (userName eq "nobody-at-all")', expected: KEYS },
  { filter: 'not (id pr)', expected: [] },
  // verbatim connector filters (IDP-COMPAT.md)
  { filter: 'userName eq "2f9a1f7c-3b4d-4b9e-9d49-1a2b3c4d5e6f"', expected: [] },
  { filter: 'externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"', expected: [] },
  { filter: 'userName eq "ALICE.SMITH@EXAMPLE.COM" and externalId eq "EXT-Alice"', expected: ['alice'] },
  { filter: 'displayName eq "Grace Hopper"', expected: ['grace'] },
  { filter: 'userName eq "x@y"', expected: [] },
  { filter: 'userName eq "GRACE"', expected: ['grace'] },
  {
    filter: `${ENT_PATH('employeeNumber')} eq "1013"`,
    expected: ['ivan'],
  },
];

interface Invalid {
  filter: string;
  status: number;
  scimType: string;
  detail: RegExp;
  /** Too long for a URL: only through .search. */
  postOnly?: boolean;
}

const INVALID: Invalid[] = [
  // unknown attributes, named
  { filter: 'nope eq "x"', status: 400, scimType: 'invalidFilter', detail: /'nope'/ },
  { filter: 'emails.nope eq "x"', status: 400, scimType: 'invalidFilter', detail: /emails\.nope/ },
  { filter: 'name.nope eq "x"', status: 400, scimType: 'invalidFilter', detail: /name\.nope/ },
  { filter: `${ENT_PATH('nope')} eq "x"`, status: 400, scimType: 'invalidFilter', detail: /nope/ },
  { filter: 'emails[nope eq "x"]', status: 400, scimType: 'invalidFilter', detail: /nope/ },
  { filter: 'emails[type eq "work"].nope eq "x"', status: 400, scimType: 'invalidFilter', detail: /nope/ },
  { filter: 'userName eq "x" or nope pr', status: 400, scimType: 'invalidFilter', detail: /'nope'/ },
  // secrets
  { filter: 'password eq "x"', status: 403, scimType: 'sensitive', detail: /password/ },
  { filter: 'PassWord pr', status: 403, scimType: 'sensitive', detail: /PassWord/ },
  { filter: 'userName eq "x" or password sw "a"', status: 403, scimType: 'sensitive', detail: /password/ },
  { filter: 'not (password pr)', status: 403, scimType: 'sensitive', detail: /password/ },
  // wrong types and operators
  { filter: 'active gt "x"', status: 400, scimType: 'invalidFilter', detail: /active/ },
  { filter: 'active eq "true"', status: 400, scimType: 'invalidFilter', detail: /active.*true or false/ },
  { filter: 'active gt true', status: 400, scimType: 'invalidFilter', detail: /'gt'.*active/ },
  { filter: 'emails.primary co true', status: 400, scimType: 'invalidFilter', detail: /'co'/ },
  { filter: 'userName eq 5', status: 400, scimType: 'invalidFilter', detail: /userName.*string/ },
  { filter: 'userName eq true', status: 400, scimType: 'invalidFilter', detail: /userName/ },
  { filter: 'userName gt null', status: 400, scimType: 'invalidFilter', detail: /null/ },
  { filter: 'meta.created gt "not a date"', status: 400, scimType: 'invalidFilter', detail: /meta\.created/ },
  {
    filter: 'meta.created gt "2024-02-30T00:00:00Z"',
    status: 400,
    scimType: 'invalidFilter',
    detail: /meta\.created/,
  },
  { filter: 'meta.created gt "2024-02-01"', status: 400, scimType: 'invalidFilter', detail: /meta\.created/ },
  {
    filter: 'meta.lastModified co "2024-01-01T00:00:00Z"',
    status: 400,
    scimType: 'invalidFilter',
    detail: /'co'.*meta\.lastModified/,
  },
  { filter: 'meta.created gt 1700000000', status: 400, scimType: 'invalidFilter', detail: /meta\.created/ },
  { filter: 'meta.version eq "v2"', status: 400, scimType: 'invalidFilter', detail: /meta\.version/ },
  { filter: 'id gt "abc"', status: 400, scimType: 'invalidFilter', detail: /'id'/ },
  // complex, derived, not multi-valued
  { filter: 'name eq "x"', status: 400, scimType: 'invalidFilter', detail: /'name' is complex/ },
  { filter: `${ENT_PATH('manager')} eq "1"`, status: 400, scimType: 'invalidFilter', detail: /complex/ },
  { filter: 'meta.location eq "x"', status: 400, scimType: 'invalidFilter', detail: /meta\.location/ },
  { filter: 'name.formatted eq "x"', status: 400, scimType: 'invalidFilter', detail: /name\.formatted/ },
  { filter: 'title[value eq "x"]', status: 400, scimType: 'invalidFilter', detail: /title/ },
  { filter: 'addresses eq "x"', status: 400, scimType: 'invalidFilter', detail: /addresses/ },
  { filter: 'addresses[value eq "x"]', status: 400, scimType: 'invalidFilter', detail: /addresses\.value/ },
  // syntax
  { filter: 'emails[value eq "x"', status: 400, scimType: 'invalidFilter', detail: /column \d+.*']'/ },
  {
    filter: 'emails[type eq "work" and phoneNumbers[type eq "x"]]',
    status: 400,
    scimType: 'invalidFilter',
    detail: /'\['.*column \d+/,
  },
  {
    filter: 'emails[type eq "a"][value eq "b"]',
    status: 400,
    scimType: 'invalidFilter',
    detail: /column \d+/,
  },
  { filter: 'userName eq "x" or', status: 400, scimType: 'invalidFilter', detail: /column \d+/ },
  { filter: 'userName xx "x"', status: 400, scimType: 'invalidFilter', detail: /comparison operator/ },
  { filter: 'not userName eq "x"', status: 400, scimType: 'invalidFilter', detail: /'\('/ },
  { filter: 'userName eq "x") or (id pr', status: 400, scimType: 'invalidFilter', detail: /Unbalanced/ },
  { filter: '(userName eq "x"', status: 400, scimType: 'invalidFilter', detail: /'\)'/ },
  { filter: 'title pr "x"', status: 400, scimType: 'invalidFilter', detail: /pr/ },
  { filter: 'userName eq "unterminated', status: 400, scimType: 'invalidFilter', detail: /column \d+/ },
  { filter: "userName eq 'single'", status: 400, scimType: 'invalidFilter', detail: /column \d+/ },
  { filter: 'userName eq "x" or 1 eq 1', status: 400, scimType: 'invalidFilter', detail: /column \d+/ },
  { filter: 'userName eq', status: 400, scimType: 'invalidFilter', detail: /value/ },
  // limits
  {
    filter: `userName eq "${'a'.repeat(8200)}"`,
    status: 400,
    scimType: 'invalidFilter',
    detail: /maxLength/,
    postOnly: true,
  },
  {
    filter: `${'('.repeat(40)}userName pr${')'.repeat(40)}`,
    status: 400,
    scimType: 'invalidFilter',
    detail: /maxDepth/,
  },
  {
    filter: `${'not ('.repeat(40)}userName pr${')'.repeat(40)}`,
    status: 400,
    scimType: 'invalidFilter',
    detail: /maxDepth/,
  },
  {
    filter: Array.from({ length: 300 }, (_, i) => `userName eq "u${i}"`).join(' or '),
    status: 400,
    scimType: 'invalidFilter',
    detail: /maxTerms/,
    postOnly: true,
  },
];

interface Seeded {
  client: TestClient;
  ids: Map<Key, string>;
  users: Map<Key, Json>;
}

/** The seed body of a user, with its manager key resolved to an id of the same client. */
function body(key: Key, ids: Map<Key, string>): Json {
  const seed = SEED[key] as Json;
  const out: Json = { schemas: [CORE_URN, ENT], ...seed };
  const ent = seed[ENT] as Json | undefined;
  if (ent?.manager) out[ENT] = { ...ent, manager: { value: ids.get(ent.manager as Key) } };
  return out;
}

function ctxOf(s: Seeded): Ctx {
  const user = (k: Key) => s.users.get(k)!;
  return {
    id: (k) => s.ids.get(k)!,
    created: (k) => Date.parse(user(k).meta.created),
    lastModified: (k) => Date.parse(user(k).meta.lastModified),
    createdIso: (k) => user(k).meta.created,
  };
}

const caseTitle = (c: Case) =>
  c.title ??
  `${c.filter as string} matches ${
    (c.expected as Key[]).length === KEYS.length ? 'every user' : (c.expected as Key[]).join(', ') || 'nobody'
  }`;

describe('Users query: the filter corpus on GET /Users and POST /Users/.search (e2e)', () => {
  let t: TestApp;
  const seeded: Record<'A' | 'B', Seeded> = {} as Record<'A' | 'B', Seeded>;

  async function seed(): Promise<Seeded> {
    const client = await t.newClient();
    const ids = new Map<Key, string>();
    for (const key of KEYS) ids.set(key, (await createUser(t, client, body(key, ids))).id as string);
    for (const [key, times] of Object.entries(REPLACES) as [Key, number][]) {
      for (let i = 0; i < times; i++) {
        await new Promise((r) => setTimeout(r, 3));
        const res = await t.http
          .put(`${client.base}/Users/${ids.get(key)}`)
          .set(client.auth)
          .send(body(key, ids));
        if (res.status !== 200) throw new Error(`PUT failed: ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
    const list = await t.http.get(`${client.base}/Users`).query({ count: 1000 }).set(client.auth);
    const byName = new Map((list.body.Resources as Json[]).map((u) => [u.userName as string, u]));
    const users = new Map(KEYS.map((k) => [k, byName.get(SEED[k].userName)!]));
    return { client, ids, users };
  }

  beforeAll(async () => {
    t = await startTestApp();
    seeded.A = await seed();
    seeded.B = await seed();
  });
  afterAll(async () => {
    await t.close();
  });

  /** The matches of a filter through both routes: sorted userNames, checked against the client's ids. */
  async function run(s: Seeded, filter: string): Promise<string[]> {
    const { client } = s;
    const [get, post] = await Promise.all([
      t.http.get(`${client.base}/Users`).query({ filter, count: 1000 }).set(client.auth),
      t.http
        .post(`${client.base}/Users/.search`)
        .set(client.auth)
        .send({ schemas: [SEARCH_URN], filter, count: 1000, attributes: ['userName'] }),
    ]);
    const own = new Set(s.ids.values());
    const names: string[][] = [];
    for (const res of [get, post]) {
      expect({ status: res.status, schemas: res.body.schemas }).toEqual({ status: 200, schemas: [LIST_URN] });
      const resources = res.body.Resources as Json[];
      expect(resources.filter((u) => !own.has(u.id as string))).toEqual([]);
      expect(res.body.totalResults).toBe(resources.length);
      expect(res.body.itemsPerPage).toBe(resources.length);
      names.push(resources.map((u) => u.userName as string).sort());
    }
    expect(names[1]).toEqual(names[0]);
    return names[0];
  }

  describe.each(['A', 'B'] as const)('in client %s (the same users in both clients)', (which) => {
    it.each(VALID.map((c) => [caseTitle(c), c] as const))('%s', async (_title, c) => {
      const s = seeded[which];
      const ctx = ctxOf(s);
      const filter = typeof c.filter === 'function' ? c.filter(ctx) : c.filter;
      const expected = typeof c.expected === 'function' ? c.expected(ctx) : c.expected;
      const names = await run(s, filter);
      expect({ filter, names }).toEqual({
        filter,
        names: expected.map((k) => SEED[k].userName).sort(),
      });
    });
  });

  it('has at least 100 valid filters in the corpus, each distinct', () => {
    const texts = VALID.map((c) => (typeof c.filter === 'string' ? c.filter : c.title));
    expect(texts.length).toBeGreaterThanOrEqual(100);
    expect(new Set(texts).size).toBe(texts.length);
  });

  describe('tenant isolation', () => {
    it("finds nothing in client B by client A's ids", async () => {
      const a = ctxOf(seeded.A);
      expect(await run(seeded.B, `id eq "${a.id('alice')}"`)).toEqual([]);
      expect(await run(seeded.B, `id eq "${a.id('alice')}" or id eq "${a.id('zoe')}"`)).toEqual([]);
      expect(await run(seeded.B, `${ENT_PATH('manager.value')} eq "${a.id('bob')}"`)).toEqual([]);
    });

    it("counts only the client's own users for a filter that matches everything", async () => {
      for (const s of [seeded.A, seeded.B]) {
        const res = await t.http
          .get(`${s.client.base}/Users`)
          .query({ filter: 'userName eq "x" or id pr', count: 0 })
          .set(s.client.auth);
        expect({
          status: res.status,
          totalResults: res.body.totalResults,
          Resources: res.body.Resources,
        }).toEqual({
          status: 200,
          totalResults: KEYS.length,
          Resources: [],
        });
      }
    });
  });

  describe('invalid filters', () => {
    it.each(INVALID.map((c) => [`${c.filter.slice(0, 80)} → ${c.status} ${c.scimType}`, c] as const))(
      '%s',
      async (_title, c) => {
        const { client } = seeded.A;
        const responses = [
          await t.http.post(`${client.base}/Users/.search`).set(client.auth).send({ filter: c.filter }),
        ];
        if (!c.postOnly) {
          responses.push(
            await t.http.get(`${client.base}/Users`).query({ filter: c.filter }).set(client.auth),
          );
        }
        for (const res of responses) {
          expectScimError(res, c.status, c.scimType, c.detail);
          expect(res.body.detail).not.toMatch(/select|from users|client_id/i);
        }
      },
    );
  });
});
