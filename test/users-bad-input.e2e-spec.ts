import { startTestApp, type TestApp, type TestClient } from './support/test-app';
import { createUser, expectScimError, SCIM_CONTENT_TYPE, snapshot, type Json } from './support/user-fixtures';

/**
 * Bad input never changes the database and never gives a 500: each case checks the SCIM error body and
 * compares the client's users before and after.
 */
describe('Users: bad input (e2e)', () => {
  let t: TestApp;
  let a: TestClient;
  let seed: Json;

  beforeAll(async () => {
    t = await startTestApp();
    a = await t.newClient();
    seed = await createUser(t, a, {
      userName: 'seed',
      displayName: 'Seed',
      emails: [{ value: 'seed@example.com' }],
    });
  });
  afterAll(async () => {
    await t.close();
  });

  /** Runs a request and checks that the client's users are exactly as before. */
  async function unchanged<T>(send: () => Promise<T>): Promise<T> {
    const before = await snapshot(t, a);
    const res = await send();
    expect(await snapshot(t, a)).toEqual(before);
    return res;
  }

  const post = (body: unknown) =>
    t.http
      .post(`${a.base}/Users`)
      .set(a.auth)
      .send(body as object);
  const postRaw = (text: string, type = 'application/scim+json') =>
    t.http.post(`${a.base}/Users`).set(a.auth).set('Content-Type', type).send(text);
  const put = (body: unknown) =>
    t.http
      .put(`${a.base}/Users/${seed.id}`)
      .set(a.auth)
      .send(body as object);

  describe('body syntax', () => {
    it('refuses malformed JSON with 400 invalidSyntax', async () => {
      const res = await unchanged(() => postRaw('{"userName": "broken",'));
      expectScimError(res, 400, 'invalidSyntax', /JSON/);
    });

    it('refuses a JSON array body with 400 invalidSyntax', async () => {
      const res = await unchanged(() => postRaw('[{"userName":"in-array"}]'));
      expectScimError(res, 400, 'invalidSyntax', /object/);
    });

    it.each(['"just-a-string"', '42', 'null', 'true'])(
      'refuses the JSON scalar body %s with 400 invalidSyntax',
      async (text) => {
        const res = await unchanged(() => postRaw(text));
        expectScimError(res, 400, 'invalidSyntax');
      },
    );

    it('refuses a POST without a body with 400 invalidSyntax', async () => {
      const res = await unchanged(() => t.http.post(`${a.base}/Users`).set(a.auth));
      expectScimError(res, 400, 'invalidSyntax');
    });

    it('refuses malformed JSON on PUT with 400 invalidSyntax and keeps the user', async () => {
      const res = await unchanged(() =>
        t.http
          .put(`${a.base}/Users/${seed.id}`)
          .set(a.auth)
          .set('Content-Type', 'application/json')
          .send('{"userName":'),
      );
      expectScimError(res, 400, 'invalidSyntax');
    });
  });

  describe('attribute values', () => {
    /** [title, body, scimType, detail must match] */
    const cases: [string, Json, string, RegExp][] = [
      ['a missing userName', { displayName: 'No Name' }, 'invalidValue', /'userName' is required/],
      ['userName null', { userName: null }, 'invalidValue', /'userName' is required/],
      ['an empty userName', { userName: '' }, 'invalidValue', /'userName'/],
      ['a whitespace-only userName', { userName: ' \t ' }, 'invalidValue', /'userName'/],
      ['userName as a number', { userName: 5 }, 'invalidValue', /'userName' must be a string/],
      ['userName as an object', { userName: { value: 'x' } }, 'invalidValue', /'userName' must be a string/],
      ['userName as a two-element list', { userName: ['x', 'y'] }, 'invalidValue', /'userName'/],
      ['emails as a string', { userName: 'bad-emails', emails: 'x' }, 'invalidValue', /'emails/],
      ['emails as a number', { userName: 'bad-emails-n', emails: 7 }, 'invalidValue', /'emails\[0\]'/],
      [
        'an email value as a number',
        { userName: 'bad-email-v', emails: [{ value: 5 }] },
        'invalidValue',
        /'emails\[0\]\.value'/,
      ],
      [
        'active "maybe"',
        { userName: 'bad-active', active: 'maybe' },
        'invalidValue',
        /'active' must be a boolean/,
      ],
      ['active 1', { userName: 'bad-active-1', active: 1 }, 'invalidValue', /'active' must be a boolean/],
      ['name as a string', { userName: 'bad-name', name: 'x' }, 'invalidValue', /'name' must be an object/],
      [
        'emails[0].primary "yes"',
        { userName: 'bad-primary', emails: [{ value: 'p@example.com', primary: 'yes' }] },
        'invalidValue',
        /'emails\[0\]\.primary' must be a boolean/,
      ],
      [
        'an enterprise extension that is a string',
        { userName: 'bad-ext', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': 'x' },
        'invalidValue',
        /enterprise/,
      ],
      [
        'a 256-character userName',
        { userName: 'u'.repeat(256) },
        'invalidValue',
        /'userName' is longer than 255/,
      ],
      [
        'a 321-character email value',
        { userName: 'long-email', emails: [{ value: `${'e'.repeat(309)}@example.com` }] },
        'invalidValue',
        /'emails\[0\]\.value' is longer than 320/,
      ],
      [
        'a 256-character displayName',
        { userName: 'long-display', displayName: 'd'.repeat(256) },
        'invalidValue',
        /'displayName' is longer than 255/,
      ],
      [
        'a 65-character phone number',
        { userName: 'long-phone', phoneNumbers: [{ value: '1'.repeat(65) }] },
        'invalidValue',
        /'phoneNumbers\[0\]\.value' is longer than 64/,
      ],
      [
        'a 33-character postalCode',
        { userName: 'long-zip', addresses: [{ postalCode: '9'.repeat(33) }] },
        'invalidValue',
        /'addresses\[0\]\.postalCode' is longer than 32/,
      ],
      [
        'a 65-character manager id',
        {
          userName: 'long-mgr',
          'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': {
            manager: { value: '1'.repeat(65) },
          },
        },
        'invalidValue',
        /manager\.value' is longer than 64/,
      ],
      [
        'a NUL character in displayName',
        { userName: 'nul-display', displayName: 'a\u0000b' },
        'invalidValue',
        /'displayName' contains a control character/,
      ],
      ['a NUL character in userName', { userName: 'nul\u0000user' }, 'invalidValue', /'userName'/],
      [
        'a bidi override U+202E in userName',
        { userName: 'admin\u202egnp.exe' },
        'invalidValue',
        /'userName' contains a control, invisible or text-direction character/,
      ],
      [
        'a zero-width space in userName',
        { userName: 'ad\u200bmin' },
        'invalidValue',
        /'userName' contains a control, invisible or text-direction character/,
      ],
      ['a BOM in userName', { userName: '\ufeffadmin' }, 'invalidValue', /'userName'/],
    ];

    it.each(cases)(
      'refuses %s on POST with 400 and the attribute in the detail',
      async (_title, body, scimType, detail) => {
        const res = await unchanged(() => post(body));
        expectScimError(res, 400, scimType, detail);
      },
    );

    it.each(cases)(
      'refuses %s on PUT with 400 and keeps the user',
      async (_title, body, scimType, detail) => {
        const res = await unchanged(() => put(body));
        expectScimError(res, 400, scimType, detail);
        const read = await t.http.get(`${a.base}/Users/${seed.id}`).set(a.auth);
        expect(read.body).toEqual(seed);
      },
    );

    it('refuses a lone surrogate in displayName with 400 invalidValue', async () => {
      const res = await unchanged(() => postRaw('{"userName":"lone-surrogate","displayName":"x\\ud800y"}'));
      expectScimError(res, 400, 'invalidValue', /'displayName' contains an unpaired UTF-16 surrogate/);
    });

    it('refuses a lone low surrogate in userName with 400 invalidValue', async () => {
      const res = await unchanged(() => postRaw('{"userName":"lone\\udc00"}'));
      expectScimError(res, 400, 'invalidValue', /'userName'/);
    });
  });

  describe('values whose normalised form (NFKC + lower case) outgrows the column', () => {
    // U+FDFA is one character whose NFKC form has 18; "İ" lower-cases to two code points; "⑳" is "20".
    it.each([
      [
        'a userName of 20 × U+FDFA (360 characters once normalised)',
        { userName: '\ufdfa'.repeat(20) },
        /'userName'/,
      ],
      [
        'a userName of 130 × "İ" (260 characters once lower-cased)',
        { userName: '\u0130'.repeat(130) },
        /'userName'/,
      ],
      [
        'an email of 20 × U+FDFA (365 characters once normalised)',
        { userName: 'nfkc-email', emails: [{ value: `${'\ufdfa'.repeat(20)}@x.ch` }] },
        /'emails(\[0\])?\.value'/,
      ],
      [
        'a phone number of 40 × "⑳" (80 characters once normalised)',
        { userName: 'nfkc-phone', phoneNumbers: [{ value: '\u2473'.repeat(40) }] },
        /'phoneNumbers(\[0\])?\.value'/,
      ],
    ])('refuses %s with 400 invalidValue on both engines, never a 500', async (_title, body, detail) => {
      const res = await unchanged(() => post(body));
      expectScimError(res, 400, 'invalidValue', detail);
    });
  });

  describe('text that must be kept exactly', () => {
    it('accepts 4-byte emoji and combining marks and reads them back exactly', async () => {
      const body = {
        userName: 'emoji-\u{1F600}-cafe\u0301',
        displayName: 'Zoë \u{1F469}\u200d\u{1F469}\u200d\u{1F467} e\u0301\u0323',
        name: { givenName: '\u{1D518}\u{1D52B}\u{1D526}', familyName: 'Ω\u0308' },
        emails: [{ value: '\u{1F4E7}@example.com' }],
      };
      const created = await createUser(t, a, body);
      for (const res of [created, (await t.http.get(`${a.base}/Users/${created.id}`).set(a.auth)).body]) {
        expect(res.userName).toBe(body.userName);
        expect(res.displayName).toBe(body.displayName);
        expect(res.name).toEqual({
          ...body.name,
          formatted: `${body.name.givenName} ${body.name.familyName}`,
        });
        expect(res.emails).toEqual(body.emails);
      }
      const listed = (await snapshot(t, a)).Resources.find((u: Json) => u.id === created.id);
      expect(listed.userName).toBe(body.userName);
      expect(listed.displayName).toBe(body.displayName);
    });

    it('accepts a userName of exactly 255 characters, 4-byte ones included', async () => {
      const userName = '\u{1F600}'.repeat(5) + 'x'.repeat(250);
      const created = await createUser(t, a, { userName });
      const read = await t.http.get(`${a.base}/Users/${created.id}`).set(a.auth);
      expect(read.body.userName).toBe(userName);
    });

    it('accepts an email value of exactly 320 characters', async () => {
      const value = `${'e'.repeat(308)}@example.com`;
      expect(value.length).toBe(320);
      const created = await createUser(t, a, { userName: 'email-320', emails: [{ value }] });
      expect(created.emails).toEqual([{ value }]);
    });

    it('accepts a roles value of 16383 four-byte characters (the limit counts characters, and fits the TEXT column in bytes) and reads it back', async () => {
      const value = '\u{1F600}'.repeat(16383);
      const res = await post({ userName: 'emoji-role', roles: [{ value }] });
      expect(res.status).toBe(201);
      const read = await t.http.get(`${a.base}/Users/${res.body.id}`).set(a.auth);
      expect(read.body.roles).toEqual([{ value }]);
    });

    it('accepts an address formatted of 1024 four-byte characters and reads it back', async () => {
      const formatted = '\u{1F600}'.repeat(1024);
      const created = await createUser(t, a, { userName: 'emoji-address', addresses: [{ formatted }] });
      const read = await t.http.get(`${a.base}/Users/${created.id}`).set(a.auth);
      expect(read.body.addresses).toEqual([{ formatted }]);
    });

    it('keeps tabs and line breaks in displayName (only other control characters are refused)', async () => {
      const created = await createUser(t, a, { userName: 'tabs', displayName: 'a\tb\nc\r\nd' });
      expect(created.displayName).toBe('a\tb\nc\r\nd');
    });
  });

  describe('ids', () => {
    const ids = [
      'abc',
      '-1',
      '0',
      '01',
      '1.5',
      '99999999999999999999',
      '9223372036854775808',
      '1 OR 1=1',
      "1' OR '1'='1",
      '%00',
    ];

    it.each(ids)('GET /Users/%s answers 404', async (id) => {
      const res = await t.http.get(`${a.base}/Users/${encodeURIComponent(id)}`).set(a.auth);
      expectScimError(res, 404);
    });

    it.each(ids)('PUT /Users/%s answers 404 and changes nothing', async (id) => {
      const res = await unchanged(() =>
        t.http
          .put(`${a.base}/Users/${encodeURIComponent(id)}`)
          .set(a.auth)
          .send({ userName: 'seed', displayName: 'Hijacked' }),
      );
      expectScimError(res, 404);
    });

    it.each(ids)('DELETE /Users/%s answers 404 and deletes nothing', async (id) => {
      const res = await unchanged(() =>
        t.http.delete(`${a.base}/Users/${encodeURIComponent(id)}`).set(a.auth),
      );
      expectScimError(res, 404);
    });

    it('answers 404 for a well-formed id that does not exist', async () => {
      expectScimError(await t.http.get(`${a.base}/Users/9223372036854775807`).set(a.auth), 404);
    });
  });

  describe('transport', () => {
    it('refuses a body over 256 KiB with 413 and a SCIM error', async () => {
      const res = await unchanged(() => post({ userName: 'huge', displayName: 'x'.repeat(300 * 1024) }));
      expectScimError(res, 413);
    });

    it('accepts a body just under the limit up to the attribute checks (400, not 413)', async () => {
      const res = await unchanged(() =>
        post({ userName: 'big', roles: [{ value: 'r'.repeat(200 * 1024) }] }),
      );
      expectScimError(res, 400, 'invalidValue', /'roles\[0\]\.value' is longer than 16383/);
    });

    it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])(
      'refuses Content-Type %s with 415',
      async (type) => {
        const res = await unchanged(() => postRaw('{"userName":"wrong-type"}', type));
        expectScimError(res, 415, undefined, /Content-Type/);
      },
    );

    it.each([
      'application/scim+json; charset=utf-8',
      'application/json',
      'application/json; charset=utf-8',
      'Application/SCIM+JSON',
    ])('accepts Content-Type %s', async (type) => {
      const userName = `ct-${type.replace(/\W+/g, '-').toLowerCase()}`;
      const res = await postRaw(JSON.stringify({ userName }), type);
      expect(res.status).toBe(201);
      expect(res.body.userName).toBe(userName);
      expect(res.headers['content-type']).toBe(SCIM_CONTENT_TYPE);
    });
  });

  describe('query parameters', () => {
    it('refuses a malformed filter with 400 invalidFilter naming the column', async () => {
      const res = await t.http.get(`${a.base}/Users`).query({ filter: 'userName eq' }).set(a.auth);
      expectScimError(res, 400, 'invalidFilter', /column/);
    });

    it('refuses a malformed filter in a search request with 400 invalidFilter', async () => {
      const res = await t.http
        .post(`${a.base}/Users/.search`)
        .set(a.auth)
        .send({ filter: 'userName eq "x" and' });
      expectScimError(res, 400, 'invalidFilter');
    });

    it.each([
      ['startIndex=abc', /startIndex/],
      ['count=ten', /count/],
      ['count=1.5', /count/],
      ['startIndex=1e3', /startIndex/],
      ['count=', /count/],
    ])('refuses %s with 400 naming the parameter', async (query, detail) => {
      const res = await t.http.get(`${a.base}/Users?${query}`).set(a.auth);
      expectScimError(res, 400, 'invalidValue', detail);
    });

    it.each([
      [{ startIndex: 1e21 }, /startIndex/],
      [{ startIndex: 1e20 }, /startIndex/],
    ])('refuses the search body %j (beyond what GET accepts) with 400, never a 500', async (body, detail) => {
      const res = await t.http.post(`${a.base}/Users/.search`).set(a.auth).send(body);
      expectScimError(res, 400, 'invalidValue', detail);
    });

    it('refuses GET ?startIndex=1e21 written out in digits with 400', async () => {
      const res = await t.http.get(`${a.base}/Users?startIndex=1000000000000000000000`).set(a.auth);
      expectScimError(res, 400, 'invalidValue', /startIndex/);
    });

    it.each([
      [{ count: 'ten' }, /count/],
      [{ startIndex: '2' }, /startIndex/],
      [{ attributes: 'userName' }, /attributes/],
    ])('refuses the search body %j with 400 naming the member', async (body, detail) => {
      const res = await t.http.post(`${a.base}/Users/.search`).set(a.auth).send(body);
      expectScimError(res, 400, 'invalidValue', detail);
    });
  });

  describe('prototype pollution', () => {
    afterEach(() => {
      delete (Object.prototype as Record<string, unknown>).polluted;
    });

    it('ignores __proto__ and constructor keys: 201, and Object.prototype stays clean', async () => {
      const res = await postRaw(
        '{"userName":"p","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}',
      );
      expect(res.status).toBe(201);
      expect(res.body.userName).toBe('p');
      expect(({} as Json).polluted).toBeUndefined();
      expect(res.text).not.toContain('polluted');
    });

    it('ignores __proto__ keys nested in complex attributes and the extension', async () => {
      const res = await postRaw(
        JSON.stringify({
          userName: 'p-nested',
          name: { givenName: 'P' },
          emails: [{ value: 'p@example.com' }],
          'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'D' },
        })
          .replace(
            '"givenName"',
            '"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"givenName"',
          )
          .replace('"value"', '"__proto__":{"polluted":1},"value"')
          .replace('"department"', '"__proto__":{"polluted":1},"prototype":{"polluted":1},"department"'),
      );
      expect(res.status).toBe(201);
      expect(res.body.name).toEqual({ formatted: 'P', givenName: 'P' });
      expect(res.body.emails).toEqual([{ value: 'p@example.com' }]);
      expect(res.body['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User']).toEqual({
        department: 'D',
      });
      expect(({} as Json).polluted).toBeUndefined();
    });
  });
});
