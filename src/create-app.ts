import 'reflect-metadata';
import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { PUBLIC_BASE_URL_KEY } from './common/decorators/base-url.decorator';
import { ScimExceptionFilter } from './common/filters/scim-exception.filter';
import { ScimResponseInterceptor } from './common/interceptors/scim-response.interceptor';
import type { AppConfig } from './config/app.config';
import { ScimError } from './scim/errors/scim-error';
import { mountSwagger } from './swagger';

function describeValidation(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((e) => {
    const path = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) =>
      m.startsWith(e.property) ? `${parent ? parent + '.' : ''}${m}` : `${path}: ${m}`,
    );
    return [...own, ...describeValidation(e.children ?? [], path)];
  });
}

/**
 * Builds the configured application: body parsing, security headers, the SCIM error filter, Swagger and
 * shutdown hooks. `main.ts` and every end-to-end test use it, so tests run the app that ships.
 */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.set('etag', false);
  app.disable('x-powered-by');
  if (config.trustProxy) app.set('trust proxy', true);
  if (config.publicBaseUrl)
    (app.getHttpAdapter().getInstance().locals as Record<string, unknown>)[PUBLIC_BASE_URL_KEY] =
      config.publicBaseUrl;
  // No `upgrade-insecure-requests`: behind plain http (a dev box, an internal ingress) it would send Swagger
  // UI's own assets to https and break the page.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  app.useGlobalFilters(new ScimExceptionFilter());
  app.useGlobalInterceptors(new ScimResponseInterceptor());
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      transform: true,
      exceptionFactory: (errors) =>
        ScimError.invalidValue(describeValidation(errors).join('; ') || 'Invalid request'),
    }),
  );
  mountSwagger(app);
  app.enableShutdownHooks();
  await app.init();
  return app;
}
