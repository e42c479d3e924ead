import { existsSync, mkdirSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Access } from '../src/common/decorators/access.decorator';
import { walkRoutes as walkAppRoutes } from './support/routes';
import { startTestApp, type TestApp } from './support/test-app';

/** @nestjs/swagger's metadata key for @ApiExcludeEndpoint() (its constants are not exported). */
const API_EXCLUDE_ENDPOINT = 'swagger/apiExcludeEndpoint';
const CHROMIUM = '/usr/bin/chromium';
/** A host name that is not loopback (so the browser does not treat it as a secure context), mapped to 127.0.0.1. */
const PLAIN_HTTP_HOST = 'scim-idm.test';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  `--host-resolver-rules=MAP ${PLAIN_HTTP_HOST} 127.0.0.1`,
];
const SCREENSHOT = join(__dirname, '..', '.ci', 'out', 'swagger-ui.png');
const OPENAPI3_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

jest.setTimeout(60_000);

interface Route {
  method: string;
  /** OpenAPI form: `/scim/v2/{clientExtId}/Users`. */
  path: string;
  access: Access | undefined;
  excluded: boolean;
}

interface Operation {
  summary?: string;
  responses?: Record<string, unknown>;
  security?: Record<string, string[]>[];
}

/** Every route of the running app in OpenAPI form (`{param}`), from the shared route walk. */
function walkRoutes(app: NestExpressApplication): Route[] {
  return walkAppRoutes(app).map((r) => ({
    method: r.method,
    path: r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}'),
    access: r.access,
    excluded: Boolean(Reflect.getMetadata(API_EXCLUDE_ENDPOINT, r.target)),
  }));
}

describe('Swagger', () => {
  let t: TestApp;
  let port: number;
  let doc: {
    openapi: string;
    paths: Record<string, Record<string, Operation>>;
    components: {
      securitySchemes: Record<string, Record<string, unknown>>;
      schemas: Record<string, unknown>;
    };
  };
  let routes: Route[];
  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ path, method, op })),
    );

  beforeAll(async () => {
    t = await startTestApp();
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    routes = walkRoutes(t.app);
    const res = await t.http.get('/docs-json');
    expect(res.status).toBe(200);
    doc = res.body;
  });
  afterAll(() => t.close());

  describe('/docs-json', () => {
    it('is an OpenAPI 3 document served as JSON without a token', async () => {
      const res = await t.http.get('/docs-json');
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(doc.openapi).toMatch(/^3\./);
      expect(Object.keys(doc.paths).length).toBeGreaterThan(0);
    });

    it('documents every route of the app that is not deliberately excluded', () => {
      const missing = routes
        .filter((r) => !r.excluded)
        .filter((r) => {
          const item = doc.paths[r.path];
          if (!item) return true;
          return r.method === 'ALL' ? Object.keys(item).length === 0 : !(r.method.toLowerCase() in item);
        })
        .map((r) => `${r.method} ${r.path}`);
      expect(missing).toEqual([]);
    });

    it('documents no operation that the app does not serve', () => {
      const phantom = operations()
        .filter(
          ({ path, method }) =>
            !routes.some((r) => r.path === path && (r.method === 'ALL' || r.method.toLowerCase() === method)),
        )
        .map(({ path, method }) => `${method} ${path}`);
      expect(phantom).toEqual([]);
    });

    it('uses only OpenAPI 3.0 operation methods', () => {
      const invalid = operations()
        .filter(({ method }) => !OPENAPI3_METHODS.includes(method))
        .map(({ path, method }) => `${method} ${path}`);
      expect(invalid).toEqual([]);
    });

    it('declares the scim and admin bearer schemes with an opaque format', () => {
      expect(doc.components.securitySchemes).toEqual({
        scim: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'opaque' }),
        admin: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'opaque' }),
      });
    });

    it('requires the scim scheme on tenant routes, the admin scheme on admin routes and none on public ones', () => {
      const expected = (access: Access | undefined) =>
        access === 'tenant' ? [{ scim: [] }] : access === 'admin' ? [{ admin: [] }] : undefined;
      const wrong = operations()
        .map(({ path, method, op }) => {
          const route = routes.find(
            (r) => r.path === path && (r.method === 'ALL' || r.method.toLowerCase() === method),
          );
          return { op: `${method} ${path}`, security: op.security, expected: expected(route?.access) };
        })
        .filter((x) => JSON.stringify(x.security ?? undefined) !== JSON.stringify(x.expected));
      expect(wrong).toEqual([]);
    });

    it('gives every operation a summary', () => {
      const without = operations()
        .filter(({ op }) => typeof op.summary !== 'string' || op.summary.trim() === '')
        .map(({ path, method }) => `${method} ${path}`);
      expect(without).toEqual([]);
    });

    it('documents at least one 4xx response on every operation except health and the global ServiceProviderConfig', () => {
      // Health answers only 200/503; the global ServiceProviderConfig takes no input and names no client.
      const exempt = (path: string) =>
        path.startsWith('/health/') || path === '/scim/v2/ServiceProviderConfig';
      const without = operations()
        .filter(({ path }) => !exempt(path))
        .filter(({ op }) => !Object.keys(op.responses ?? {}).some((code) => /^4\d\d$/.test(code)))
        .map(({ path, method }) => `${method} ${path}`);
      expect(without).toEqual([]);
    });

    it('documents the 400 and 403 that the discovery lists answer to bad paging and filter=', () => {
      const lists = operations().filter(({ path }) => /\/(Schemas|ResourceTypes)$/.test(path));
      expect(lists.length).toBeGreaterThan(0);
      const missing = lists
        .filter(({ op }) => !('400' in (op.responses ?? {}) && '403' in (op.responses ?? {})))
        .map(({ path, method }) => `${method} ${path}`);
      expect(missing).toEqual([]);
    });

    it('has the ScimErrorSchema component with the RFC 7644 error members', () => {
      expect(doc.components.schemas.ScimErrorSchema).toMatchObject({
        type: 'object',
        properties: {
          schemas: expect.any(Object),
          status: expect.any(Object),
          scimType: expect.any(Object),
          detail: expect.any(Object),
        },
      });
    });
  });

  describe('Swagger UI in a real browser', () => {
    let browser: Browser;

    beforeAll(async () => {
      // Chromium comes from the distribution (apt-get install chromium; .ci/run installs it): never skip.
      expect(existsSync(CHROMIUM)).toBe(true);
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    });
    afterAll(async () => {
      await browser?.close();
    });

    interface Visit {
      page: Page;
      consoleErrors: string[];
      cspViolations: string[];
      failedRequests: string[];
      pageErrors: string[];
    }

    async function visit(url: string): Promise<Visit> {
      const page = await browser.newPage();
      const v: Visit = { page, consoleErrors: [], cspViolations: [], failedRequests: [], pageErrors: [] };
      page.on('console', (m) => {
        if (m.type() === 'error') v.consoleErrors.push(m.text());
        if (/Content Security Policy|Refused to/i.test(m.text())) v.cspViolations.push(m.text());
      });
      page.on('pageerror', (e) => v.pageErrors.push(e.message));
      page.on('requestfailed', (r) => v.failedRequests.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
      await page.exposeFunction('__cspViolation', (text: string) => v.cspViolations.push(text));
      // Runs in the page (a string, so that no DOM types are needed here).
      await page.addInitScript({
        content:
          "document.addEventListener('securitypolicyviolation', (e) => " +
          "window.__cspViolation(e.violatedDirective + ' blocked ' + e.blockedURI));",
      });
      await page.goto(url);
      return v;
    }

    const usersOperation = (page: Page) =>
      page.locator('.opblock-summary-path', { hasText: '/scim/v2/{clientExtId}/Users' }).first();

    describe('on http://127.0.0.1', () => {
      let v: Visit;
      beforeAll(async () => {
        v = await visit(`http://127.0.0.1:${port}/docs`);
        await usersOperation(v.page).waitFor({ state: 'visible', timeout: 20_000 });
      });
      afterAll(async () => {
        await v?.page.close();
      });

      it('renders the operations with an Authorize button, without console errors or CSP violations', async () => {
        await v.page.locator('.opblock-summary-path', { hasText: '/admin/clients' }).first().waitFor();
        await expect(v.page.locator('button.authorize').count()).resolves.toBeGreaterThan(0);
        mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
        await v.page.screenshot({ path: SCREENSHOT, fullPage: false });
        expect(statSync(SCREENSHOT).size).toBeGreaterThan(1000);
        expect({
          consoleErrors: v.consoleErrors,
          cspViolations: v.cspViolations,
          failedRequests: v.failedRequests,
          pageErrors: v.pageErrors,
        }).toEqual({ consoleErrors: [], cspViolations: [], failedRequests: [], pageErrors: [] });
      });

      it('shows both the scim and the admin bearer schemes behind Authorize', async () => {
        await v.page.locator('button.authorize').first().click();
        const dialog = v.page.locator('.modal-ux');
        await dialog.waitFor({ state: 'visible' });
        const names = await dialog.locator('.auth-container h4').allInnerTexts();
        expect(names.map((n) => n.trim().split(/\s/)[0]).sort()).toEqual(['admin', 'scim']);
        await expect(dialog.locator('input').count()).resolves.toBe(2);
      });
    });

    it('renders over plain http on a host name that is not loopback (no upgrade to https)', async () => {
      const v = await visit(`http://${PLAIN_HTTP_HOST}:${port}/docs`);
      try {
        // With every asset loaded the UI renders; a failed asset means it never will, so do not wait then.
        const rendered =
          v.failedRequests.length === 0 &&
          (await usersOperation(v.page)
            .waitFor({ state: 'visible', timeout: 20_000 })
            .then(() => true)
            .catch(() => false));
        expect({ rendered, failedRequests: v.failedRequests, cspViolations: v.cspViolations }).toEqual({
          rendered: true,
          failedRequests: [],
          cspViolations: [],
        });
      } finally {
        await v.page.close();
      }
    });
  });
});
