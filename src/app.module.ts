import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { ClientsModule } from './clients/clients.module';
import { ScimBodyMiddleware } from './common/middleware/scim-body.middleware';
import { ScimCoreModule } from './common/scim-core.module';
import { APP_CONFIG, type AppConfig } from './config/app.config';
import { buildDataSourceOptions } from './database/data-source.options';
import { DiscoveryModule } from './discovery/discovery.module';
import { HealthModule } from './health/health.module';
import { UsersModule } from './users/users.module';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Secrets never reach the logs (SECURITY.md). */
export const LOG_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.body.password',
  'req.body.*.password',
  '*.password',
  '*.token',
  '*.secret',
];

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' },
            // The request id: echoed when the caller sent a sane one, else generated (API.md §2).
            genReqId: (req: IncomingMessage, res: ServerResponse) => {
              const given = req.headers['x-request-id'];
              const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
              res.setHeader('X-Request-Id', id);
              return id;
            },
            serializers: {
              req: (req: { id: unknown; method: unknown; url: unknown }) => ({
                id: req.id,
                method: req.method,
                url: req.url,
              }),
            },
          },
        }),
        {
          module: ConfigHolderModule,
          global: true,
          providers: [{ provide: APP_CONFIG, useValue: config }],
          exports: [APP_CONFIG],
        },
        TypeOrmModule.forRoot({ ...buildDataSourceOptions(config.db), retryAttempts: 3, retryDelay: 1000 }),
        ScimCoreModule,
        HealthModule,
        // Discovery before Users: its fixed paths (/scim/v2/Schemas/…) must win over /scim/v2/:clientExtId/….
        DiscoveryModule,
        ClientsModule,
        UsersModule,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ScimBodyMiddleware).forRoutes('*path');
  }
}

@Module({})
class ConfigHolderModule {}
