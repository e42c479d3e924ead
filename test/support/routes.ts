import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModulesContainer } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ACCESS_KEY, type Access } from '../../src/common/decorators/access.decorator';

export interface AppRoute {
  method: string;
  /** Express form: `/scim/v2/:clientExtId/Users`. */
  path: string;
  /** The guard's rule: the handler's declaration overrides the class's. */
  access: Access | undefined;
  /** `Class.method` */
  handler: string;
  /** The handler object, for reading more metadata. */
  target: object;
}

const paths = (value: unknown): string[] => {
  const list = Array.isArray(value) ? (value as unknown[]) : [value];
  const strings = list.filter((p): p is string => typeof p === 'string');
  return strings.length > 0 ? strings : [''];
};

const joinPath = (...parts: string[]) =>
  '/' +
  parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/');

/**
 * Every route of the running app, read from Nest's own metadata (what the router and the guard use): each
 * controller path × each handler path (a controller may serve several base paths).
 */
export function walkRoutes(app: NestExpressApplication): AppRoute[] {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const routes: AppRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const type = wrapper.metatype as (new (...args: never[]) => object) | undefined;
    if (!type || !wrapper.instance) continue;
    const classAccess = Reflect.getMetadata(ACCESS_KEY, type) as Access | undefined;
    const proto = Object.getPrototypeOf(wrapper.instance) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(proto)) {
      const handler = proto[name] as object;
      const own = Reflect.getMetadata(PATH_METADATA, handler) as unknown;
      if (own === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      for (const prefix of paths(Reflect.getMetadata(PATH_METADATA, type))) {
        for (const path of paths(own)) {
          routes.push({
            method,
            path: joinPath(prefix, path),
            access: (Reflect.getMetadata(ACCESS_KEY, handler) as Access | undefined) ?? classAccess,
            handler: `${type.name}.${name}`,
            target: handler,
          });
        }
      }
    }
  }
  return routes;
}
