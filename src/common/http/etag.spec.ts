import { etagMatches, versionToEtag } from './etag';

describe('versionToEtag', () => {
  it.each<{ version: number; etag: string }>([
    { version: 1, etag: 'W/"1"' },
    { version: 0, etag: 'W/"0"' },
    { version: 1042, etag: 'W/"1042"' },
  ])('renders version $version as $etag', ({ version, etag }) => {
    expect(versionToEtag(version)).toBe(etag);
  });
});

describe('etagMatches', () => {
  it.each<{ header: string | undefined; etag: string; matches: boolean }>([
    { header: undefined, etag: 'W/"3"', matches: false },
    { header: '', etag: 'W/"3"', matches: false },
    { header: 'W/"3"', etag: 'W/"3"', matches: true },
    { header: '"3"', etag: 'W/"3"', matches: true },
    { header: 'W/"3"', etag: '"3"', matches: true },
    { header: '  W/"3"  ', etag: 'W/"3"', matches: true },
    { header: '*', etag: 'W/"3"', matches: true },
    { header: ' * ', etag: 'W/"3"', matches: true },
    { header: 'W/"1", W/"3"', etag: 'W/"3"', matches: true },
    { header: 'W/"1",W/"2"', etag: 'W/"3"', matches: false },
    { header: 'W/"4"', etag: 'W/"3"', matches: false },
    { header: 'W/"30"', etag: 'W/"3"', matches: false },
    { header: 'W/"3', etag: 'W/"3"', matches: false },
    { header: '3', etag: 'W/"3"', matches: false },
    { header: 'W/3', etag: 'W/"3"', matches: false },
  ])('$header against $etag: $matches', ({ header, etag, matches }) => {
    expect(etagMatches(header, etag)).toBe(matches);
  });

  it('matches what versionToEtag produced', () => {
    expect(etagMatches(versionToEtag(7), versionToEtag(7))).toBe(true);
    expect(etagMatches(versionToEtag(7), versionToEtag(8))).toBe(false);
  });
});
