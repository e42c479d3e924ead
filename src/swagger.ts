import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/** The OpenAPI document, with one bearer scheme for SCIM clients and one for the admin API. */
export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('scim-idm')
    .setDescription(
      [
        'Multi-tenant SCIM 2.0 identity store (RFC 7643/7644) re-creating the nevisIDM SCIM API.',
        '',
        '1. Create a client with `POST /admin/clients` and issue a token with `POST /admin/clients/{extId}/tokens`',
        '   (authorize as **admin** with the ADMIN_TOKEN).',
        '2. Authorize as **scim** with the issued token and call `/scim/v2/{clientExtId}/Users`.',
        '',
        'Every error is an RFC 7644 §3.12 SCIM error body.',
      ].join('\n'),
    )
    .setVersion('0.1.0')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'opaque',
        description: "A client's SCIM token (scim_…)",
      },
      'scim',
    )
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'opaque', description: 'The ADMIN_TOKEN' },
      'admin',
    )
    .build();
  return SwaggerModule.createDocument(app, config);
}

export function mountSwagger(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApi(app), {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
}
